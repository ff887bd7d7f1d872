package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Specs shared by the validator tests and the JSON Schema test, so both judge the same documents. */
final class SpecFixtures {

    static final SpecLimits LIMITS = new SpecLimits(1, 10, 2, Duration.ofMinutes(30), Duration.ofHours(2));

    static final String IRIS = """
            {"name": "iris-logreg",
             "appResource": "s3://spark-burst-artifacts/jars/iris.jar",
             "mainClass": "dev.sparkburst.examples.IrisLogisticRegression",
             "args": ["{input}", "{results}/predictions"],
             "sparkConf": {"spark.executor.memory": "2g"},
             "workers": 3,
             "timeout": "PT30M"}
            """;

    /** Valid for both the validator and the schema (with the named jobs below where they use "job"). */
    static final List<String> VALID = List.of(
            IRIS,
            """
            {"name": "a", "appResource": "local:///opt/spark-burst/jobs/word-count.jar",
             "mainClass": "WordCount"}
            """,
            """
            {"$schema": "../core/src/main/resources/dev/sparkburst/core/jobspec/job-spec.schema.json",
             "name": "nightly-2", "appResource": "s3://my.bucket-1/a/b/c(1).jar",
             "mainClass": "com.example.Outer$Main", "args": ["--date", "2024-01-01", "{\\"a\\": 1}", "{{runId}"],
             "sparkConf": {"spark.executor.cores": 2, "spark.speculation": true, "spark.memory.fraction": 0.6,
                           "spark.sql.shuffle.partitions": "8", "spark.executorEnv.MY_SETTING": "x",
                           "spark.driver.extraJavaOptions": "-XX:+UseG1GC -Dlog4j2.level=INFO",
                           "spark.hadoop.fs.s3a.connection.maximum": "64"},
             "workers": 10, "minWorkers": 1, "timeout": "P1D", "retries": 5}
            """,
            """
            {"name": "iris-py", "appResource": "s3://spark-burst-artifacts/jobs/iris_logreg.py",
             "pyFiles": ["s3://spark-burst-artifacts/jobs/helpers.zip", "local:///opt/jobs/util.py",
                         "s3://spark-burst-artifacts/jobs/old.egg"],
             "args": ["{input}", "{results}"], "workers": 2}
            """,
            """
            {"job": "word-count"}
            """,
            """
            {"job": "word-count", "workers": 4, "minWorkers": 3, "timeout": "PT2H",
             "args": ["{results}/x"], "sparkConf": {"spark.executor.memory": "1g"}}
            """);

    /** Invalid documents the schema can also recognize, with the field the validator must name. */
    static final Map<String, String> INVALID_FOR_BOTH = Map.ofEntries(
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "retries": 6}""", "retries"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "retries": -1}""", "retries"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "retries": "2"}""", "retries"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "retries": 1.5}""", "retries"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "workerz": 3}""", "workerz"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "workers": "3"}""", "workers"),
            Map.entry("""
                    {"appResource": "s3://b-1/j.jar", "mainClass": "A"}""", "name"),
            Map.entry("""
                    {"name": "Iris_LogReg", "appResource": "s3://b-1/j.jar", "mainClass": "A"}""", "name"),
            Map.entry("""
                    {"name": "x", "appResource": "s3a://b-1/j.jar", "mainClass": "A"}""", "appResource"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/../j.jar", "mainClass": "A"}""", "appResource"),
            Map.entry("""
                    {"name": "x", "appResource": "http://example.com/j.jar", "mainClass": "A"}""", "appResource"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "com/example/A"}""", "mainClass"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "timeout": "30 minutes"}""",
                    "timeout"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "timeout": 1800}""", "timeout"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "workers": 0}""", "workers"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.master": "local[*]"}}""", "sparkConf.spark.master"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.authenticate": "false"}}""", "sparkConf.spark.authenticate"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.executor.extraJavaOptions": "-javaagent:/tmp/a.jar"}}""",
                    "sparkConf.spark.executor.extraJavaOptions"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.hadoop.fs.s3a.secret.key": "abc"}}""",
                    "sparkConf.spark.hadoop.fs.s3a.secret.key"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.executorEnv.AWS_ACCESS_KEY_ID": "abc"}}""",
                    "sparkConf.spark.executorEnv.AWS_ACCESS_KEY_ID"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A",
                     "sparkConf": {"spark.executor.memory": {"size": "2g"}}}""", "sparkConf.spark.executor.memory"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "sparkConf": {"memory": "2g"}}""",
                    "sparkConf.memory"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "args": [1, 2]}""", "args[0]"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/job.py", "mainClass": "A"}""", "mainClass"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar"}""", "mainClass"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/job.py", "pyFiles": ["s3://b-1/notes.txt"]}""",
                    "pyFiles[0]"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/job.py", "pyFiles": ["http://example.com/a.py"]}""",
                    "pyFiles[0]"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/job.py", "pyFiles": "s3://b-1/a.py"}""", "pyFiles"),
            Map.entry("""
                    {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A", "pyFiles": ["s3://b-1/a.py"]}""",
                    "pyFiles"));

    /** Protected Spark properties as users would write them, some in odd letter case. */
    static final List<String> PROTECTED_KEYS = List.of("spark.master", "spark.submit.deployMode", "spark.app.name", "spark.app.id", "spark.jars",
            "spark.submit.pyFiles", "spark.pyspark.python", "spark.pyspark.driver.python",
            "spark.executorEnv.PYSPARK_PYTHON",
            "spark.master.rest.enabled", "spark.master.rest.filters", "spark.master.ui.port", "spark.worker.cleanup.enabled",
            "spark.deploy.maxDrivers", "spark.driver.supervise", "spark.decommission.enabled",
            "spark.driver.timeout", "spark.plugins", "spark.plugins.defaultList",
            "spark.eventLog.enabled", "spark.eventLog.dir",
            "spark.authenticate", "spark.authenticate.secret", "spark.authenticate.secret.file",
            "spark.network.crypto.enabled", "spark.network.sasl.serverAlwaysEncrypt",
            "spark.io.encryption.enabled", "spark.ssl.enabled", "spark.ssl.ui.keyStorePassword",
            "spark.ui.filters", "spark.history.ui.filters", "spark.org.apache.spark.ui.JWSFilter.param.secretKey",
            "spark.acls.enable", "spark.admin.acls", "spark.modify.acls.groups", "spark.ui.view.acls",
            "spark.user.groups.mapping", "spark.ui.acls.enable", "spark.history.ui.admin.acls",
            "spark.redaction.regex", "spark.redaction.string.regex",
            "spark.sql.redaction.options.regex", "spark.kerberos.keytab", "spark.security.credentials.hive.enabled",
            "spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.session.token",
            "spark.hadoop.fs.s3a.aws.credentials.provider", "spark.hadoop.fs.s3a.bucket.other.access.key",
            "spark.hadoop.fs.s3a.assumed.role.arn", "spark.hadoop.fs.s3.awsAccessKeyId",
            "spark.hadoop.fs.s3a.server-side-encryption.key", "spark.hadoop.fs.s3a.encryption.key",
            "spark.hadoop.hadoop.security.credential.provider.path", "spark.hadoop.fs.azure.account.key.x",
            "spark.hadoop.javax.jdo.option.ConnectionPassword",
            "spark.executorEnv.AWS_ACCESS_KEY_ID", "spark.executorEnv.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "spark.driverEnv.AWS_SECRET_ACCESS_KEY", "spark.executorEnv.AWS_ENDPOINT_URL",
            "spark.executorEnv.JAVA_TOOL_OPTIONS", "spark.executorEnv._JAVA_OPTIONS", "spark.executorEnv.LD_PRELOAD",
            "spark.executorEnv.CLASSPATH", "spark.executorEnv.SPARK_HOME", "spark.executorEnv.HADOOP_CONF_DIR",
            "spark.driver.extraClassPath", "spark.executor.extraClassPath", "spark.driver.extraLibraryPath",
            "spark.driver.userClassPathFirst", "spark.executor.userClassPathFirst");

    /** Protected keys in a letter case Spark would not recognize; the validator refuses them anyway. */
    static final List<String> ODD_CASE_PROTECTED_KEYS = List.of("SPARK.MASTER", "spark.EventLog.Dir",
            "Spark.Authenticate", "spark.executorenv.aws_access_key_id");

    private SpecFixtures() {
    }

    static List<String> protectedKeys() {
        return PROTECTED_KEYS;
    }

    static List<String> protectedKeysInAnyCase() {
        return java.util.stream.Stream.concat(PROTECTED_KEYS.stream(), ODD_CASE_PROTECTED_KEYS.stream()).toList();
    }

    static ObjectNode wordCountJob() {
        return (ObjectNode) json("""
                {"appResource": "s3://spark-burst-artifacts/jars/examples.jar",
                 "mainClass": "dev.sparkburst.examples.WordCount",
                 "args": ["{input}", "{results}/counts"],
                 "sparkConf": {"spark.executor.memory": "512m", "spark.executor.cores": "1"},
                 "workers": 2}
                """);
    }

    static Map<String, ObjectNode> namedJobs() {
        return Map.of("word-count", wordCountJob());
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    static SpecResolution resolve(String text) {
        return JobSpecs.resolve(json(text), LIMITS, namedJobs());
    }
}
