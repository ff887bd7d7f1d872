package dev.sparkburst.proofs.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.aws.testing.AwsCallRecorder;
import dev.sparkburst.aws.testing.AwsCallRecorder.Call;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.infra.TestApps;
import dev.sparkburst.proofs.Templates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A.2 and B.8 for the ECS worker task role (drivers and executors run with it): a real Spark job (the examples'
 * WordCount, submitted with spark-submit's own code in local mode from the SPARK_HOME the image is built from)
 * reads its jar and input and writes its outputs and event log through s3a against S3Proxy, hadoop-aws passing
 * every SDK call to the recorder ({@code fs.s3a.audit.execution.interceptors}). The synthesized WorkerTaskRole
 * must allow each call and grant nothing no call used; and no job may write or delete a run's record or driver
 * logs.
 */
class WorkerTaskRoleTest {

    static final List<String> ENVIRONMENTS = Templates.ENVIRONMENT_FILES;

    /** Granted for what the sample job does not do, each with its reason. */
    static final Map<String, String> NOT_EXERCISED = Map.of("s3:AbortMultipartUpload",
            "s3a aborts the multipart upload of a large output (over fs.s3a.multipart.threshold, 128 MB) when a task "
                    + "fails or is cancelled; the sample job's outputs are small");

    /** A real job runs for the default environment (minutes on a shared machine); the Deny is proven for all. */
    static final List<String> JOB_ENVIRONMENTS = List.of(Templates.ENVIRONMENT_FILES.get(0));

    @RegisterExtension
    static final LocalAccountExtension ACCOUNT = new LocalAccountExtension();

    private record Deployed(Templates templates, Intrinsics intrinsics, LocalAccount.Deployment deployment) {

        private static final Map<String, Deployed> DEPLOYED = new java.util.concurrent.ConcurrentHashMap<>();

        /** Once per environment file and test class (the servers live as long as the class). */
        static Deployed of(String file) {
            return DEPLOYED.computeIfAbsent(file, Deployed::deploy);
        }

        private static Deployed deploy(String file) {
            Templates templates = Templates.of(file);
            LocalAccount.Deployment deployment = ACCOUNT.account().deploy("w" + templates.config().name() + file.length(),
                    templates.byStackName());
            return new Deployed(templates, new Intrinsics(templates.byStackName(), LocalAccount.REGION,
                    LocalAccount.ACCOUNT, deployment), deployment);
        }

        String bucket(String prefix) {
            String stack = templates.stacks().data().getStackName();
            JsonNode template = templates.of(templates.stacks().data());
            return deployment.value(stack, TemplatePolicies.logicalId(template, "AWS::S3::Bucket", prefix), null);
        }

        IamPolicy workerTaskRole() {
            String stack = templates.stacks().cluster().getStackName();
            JsonNode template = templates.of(templates.stacks().cluster());
            return TemplatePolicies.ofRole(intrinsics, stack, template,
                    TemplatePolicies.logicalId(template, "AWS::IAM::Role", "WorkerTaskRole"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("JOB_ENVIRONMENTS")
    void theWorkerTaskRoleAllowsEveryS3aCallOfARealJobAndGrantsNothingElse(String file) throws Exception {
        Deployed deployed = Deployed.of(file);
        String artifacts = deployed.bucket("ArtifactsBucket");
        String inbox = deployed.bucket("InboxBucket");
        String results = deployed.bucket("ResultsBucket");
        String runId = "job-" + Long.toString(System.nanoTime(), 36);
        try (S3Client s3 = ACCOUNT.account().client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()))) {
            s3.putObject(b -> b.bucket(artifacts).key("jars/examples.jar"),
                    RequestBody.fromFile(LocalSparkJob.examplesJar(ACCOUNT.state())));
            s3.putObject(b -> b.bucket(inbox).key("incoming/words.txt"),
                    RequestBody.fromString("to be or not to be\nthat is the question\n", StandardCharsets.UTF_8));
            // SUBMIT_JOB makes the event log folder before any driver starts.
            s3.putObject(b -> b.bucket(results).key(ResultStore.EVENT_LOG_FOLDER), RequestBody.empty());
        }

        List<Call> calls = runWordCount("s3a://" + artifacts + "/jars/examples.jar", "s3a://" + inbox
                + "/incoming/words.txt", "s3a://" + results + "/runs/" + runId + "/words", results);

        assertThat(calls).as("the job's S3 calls").anySatisfy(c -> assertThat(c.resource())
                .startsWith("arn:aws:s3:::" + results + "/runs/" + runId + "/words/counts/part-"));
        IamPolicy role = deployed.workerTaskRole();
        List<String> problems = new ArrayList<>();
        GrantCheck.refused(role, calls).forEach(r -> problems.add("refused " + r));
        GrantCheck.unused(role, calls, NOT_EXERCISED).forEach(u -> problems.add("granted, unused, " + u));
        assertThat(problems).as("calls:\n%s\npolicy:%s", String.join("\n",
                calls.stream().map(Call::toString).distinct().sorted().toList()), role).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ENVIRONMENTS")
    void noJobMayWriteOrDeleteARunRecordOrADriverLogButItsOutputsBesideThem(String file) {
        Deployed deployed = Deployed.of(file);
        IamPolicy role = deployed.workerTaskRole();
        String results = "arn:aws:s3:::" + deployed.bucket("ResultsBucket") + "/";

        for (String key : List.of(ResultStore.runRecordKey("any-run"),
                ResultStore.driverLogKey("any-run", ResultStore.STDOUT),
                ResultStore.driverLogKey("any-run", ResultStore.STDERR))) {
            for (String action : List.of("s3:PutObject", "s3:DeleteObject")) {
                assertThat(role.decide(new Call("S3", action, action, results + key, Map.of())))
                        .as("%s %s", action, key).isEqualTo(IamPolicy.Decision.EXPLICITLY_DENIED);
            }
        }
        for (String action : List.of("s3:PutObject", "s3:DeleteObject")) {
            assertThat(role.decide(new Call("S3", action, action, results + "runs/any-run/predictions/part-0",
                    Map.of()))).isEqualTo(IamPolicy.Decision.ALLOWED);
        }
    }

    private List<Call> runWordCount(String jar, String input, String output, String results) throws Exception {
        Path recording = Files.createTempFile(ACCOUNT.state(), "s3a-calls", ".tsv");
        Files.delete(recording);
        Map<String, String> conf = new java.util.LinkedHashMap<>(ACCOUNT.account().s3Endpoint().s3aProperties());
        conf.put("spark.hadoop.fs.s3a.audit.execution.interceptors", AwsCallRecorder.Global.class.getName());
        conf.put("spark.eventLog.enabled", "true");
        conf.put("spark.eventLog.dir", "s3a://" + results + "/" + ResultStore.EVENT_LOG_FOLDER);
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        LocalSparkJob.runWordCount(conf, recording, ACCOUNT.state().resolve("wordcount-" + System.nanoTime()), jar,
                input, output);
        return AwsCallRecorder.readFile(recording);
    }
}
