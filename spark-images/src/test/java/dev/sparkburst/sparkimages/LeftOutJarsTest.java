package dev.sparkburst.sparkimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.core.jobspec.ProtectedSettings;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import org.apache.spark.status.KVUtils$;
import org.apache.spark.util.kvstore.InMemoryStore;
import org.apache.spark.util.kvstore.KVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Option;

/**
 * The jars spark-images/pom.xml leaves out (docs/image.md, "Jars left out") are loaded by Spark 4.2 only for features
 * whose settings are off by default and that neither the nodes nor a job turn on. This module's test class path is
 * the image's jar set (the same dependencies and exclusions), so these checks run against exactly what ships.
 */
class LeftOutJarsTest {

    static final List<String> LEFT_OUT = List.of("rocksdbjni-", "leveldbjni-all-", "curator-", "zookeeper-",
            "netty-tcnative-boringssl-static-", "guava-");

    @Test
    void theImageAndTheLocalSparkHomeShipNoneOfTheLeftOutJars() throws Exception {
        List<String> jars = List.copyOf(DockerfileTest.jarsWithChecksums(SparkNode.SPARK_HOME.resolve("jars")).keySet());

        for (String prefix : LEFT_OUT) {
            assertThat(jars).as("jars named %s*", prefix).noneMatch(n -> n.startsWith(prefix));
        }
        // Netty's OpenSsl probe needs the tcnative classes to answer "not available" instead of failing to link.
        assertThat(jars).anyMatch(n -> n.startsWith("netty-tcnative-classes-"));
    }

    /**
     * 260.5 MB today. Jars are zip files, so gzip keeps about 91 % of them: 270 MB of jars is a layer of ~247 MB and,
     * with the base and Python (docs/image.md, "Size"), an image still under the 400 MB goal. A new dependency that
     * breaks this must say in docs/image.md why the image needs it.
     */
    @Test
    void theJarsStayWithinTheImageSizeBudget() throws Exception {
        long bytes = 0;
        try (Stream<Path> jars = Files.list(SparkNode.SPARK_HOME.resolve("jars"))) {
            for (Path jar : jars.toList()) {
                bytes += Files.size(jar);
            }
        }
        assertThat(bytes).as("bytes of jars in the local SPARK_HOME and the image").isLessThanOrEqualTo(270_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.rocksdb.RocksDB", "org.fusesource.leveldbjni.JniDBFactory",
            "org.apache.curator.framework.CuratorFramework", "org.apache.zookeeper.ZooKeeper",
            "com.google.common.collect.ImmutableList"})
    void theTestClassPathLacksThemToo(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    /** Each key selects a left-out jar when set otherwise; Spark 4.2's defaults keep them unused. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // live UI on disk (RocksDB, KVUtils.createKVStore); unset = in memory
            "spark.ui.store.path|<undefined>",
            // History Server on disk (RocksDB or LevelDB); burst history sets no store path
            "spark.history.store.path|<undefined>",
            // the worker's external shuffle service and its RocksDB/LevelDB executor registry
            "spark.shuffle.service.enabled|false",
            // master recovery: ZOOKEEPER (curator, zookeeper) or ROCKSDB
            "spark.deploy.recoveryMode|NONE",
            // streaming state: RocksDBStateStoreProvider would need rocksdbjni
            "spark.sql.streaming.stateStore.providerClass|"
                    + "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider"})
    void sparkDefaultsKeepTheLeftOutJarsUnused(String key, String expectedDefault) throws Exception {
        Stream.of("org.apache.spark.internal.config.package$", "org.apache.spark.internal.config.Deploy$",
                        "org.apache.spark.internal.config.History$", "org.apache.spark.internal.config.Status$",
                        "org.apache.spark.sql.internal.SQLConf$")
                .forEach(LeftOutJarsTest::initialize);
        ConfigEntry<?> entry = ConfigEntry$.MODULE$.findEntry(key);

        assertThat(entry).as("Spark knows %s", key).isNotNull();
        assertThat(entry.defaultValueString()).as(key).isEqualTo(expectedDefault);
    }

    @Test
    void openSslForRpcTlsIsOffAndNettyReportsItUnavailableWithoutFailing() {
        TransportConf rpc = new TransportConf("rpc", MapConfigProvider.EMPTY);

        assertThat(rpc.sslRpcOpenSslEnabled()).as("spark.ssl.rpc.openSslEnabled default").isFalse();
        assertThat(OpenSsl.isAvailable()).as("OpenSSL without the boringssl natives").isFalse();
    }

    @Test
    void everyDriverOpensItsLiveUiStoreInMemoryWithoutTheRocksDbJar() throws Exception {
        KVStore store = KVUtils$.MODULE$.createKVStore(Option.empty(), true, new SparkConf(false));
        try {
            assertThat(store).isInstanceOf(InMemoryStore.class);
        } finally {
            store.close();
        }
    }

    /** The cluster-side switches are protected settings; the job-side ones are refused too (core ProtectedSettingsTest). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.deploy.recoveryMode|ZOOKEEPER",
            "spark.deploy.recoveryMode|ROCKSDB",
            "spark.ssl.rpc.openSslEnabled|true"})
    void aJobCannotTurnThemOn(String key, String value) {
        assertThat(ProtectedSettings.check(key, value)).as(key).isPresent();
    }

    static void initialize(String objectClass) {
        try {
            Class.forName(objectClass).getField("MODULE$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(objectClass, e);
        }
    }
}
