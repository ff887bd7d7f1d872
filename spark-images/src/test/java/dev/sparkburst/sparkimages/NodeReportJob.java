package dev.sparkburst.sparkimages;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A driver submitted by {@link FargateNetworkTest}: it runs a small shuffle, then prints one line for itself
 * and one per executor with the address each JVM got (SPARK_LOCAL_IP, the host it advertises) and its
 * memory (heap limit, committed heap, peak resident set), then waits so that the test can look at the
 * running driver before it ends.
 */
public final class NodeReportJob {

    private NodeReportJob() {
    }

    public static void main(String[] args) throws Exception {
        long linger = args.length > 0 ? Long.parseLong(args[0]) : 0;
        SparkConf conf = new SparkConf().setAppName("node-report");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<Integer> numbers = IntStream.range(0, 400_000).boxed().toList();
            long groups = sc.parallelize(numbers, 4)
                    .mapToPair(i -> new Tuple2<>(i % 10_007, (long) i))
                    .reduceByKey(Long::sum)
                    .sortByKey()
                    .count();
            List<String> executors = sc.parallelize(List.of(1, 2, 3, 4), 4)
                    .mapPartitions(NodeReportJob::executorReport)
                    .distinct()
                    .collect();
            System.out.println("groups=" + groups);
            System.out.println(report("driver", sc.getConf().get("spark.driver.host")));
            executors.forEach(System.out::println);
            System.out.println("report-end");
            System.out.flush();
            Thread.sleep(linger);
        }
    }

    private static Iterator<String> executorReport(Iterator<Integer> ignored) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(report("executor", SparkEnv.get().blockManager().blockManagerId().host()));
        return lines.iterator();
    }

    private static String report(String role, String advertisedHost) throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        return role
                + " pid=" + ProcessHandle.current().pid()
                + " SPARK_LOCAL_IP=" + System.getenv("SPARK_LOCAL_IP")
                + " host=" + advertisedHost
                + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / 1_048_576
                + " heapCommittedMiB=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1_048_576
                + " vmHwmMiB=" + kib(status, "VmHWM") / 1024
                + " vmRssMiB=" + kib(status, "VmRSS") / 1024;
    }

    private static long kib(String status, String field) {
        return status.lines()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(-1);
    }
}
