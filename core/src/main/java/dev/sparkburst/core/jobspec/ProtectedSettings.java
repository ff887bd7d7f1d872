package dev.sparkburst.core.jobspec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Spark properties a job spec may not set, each with the reason. They fall in four groups: what the orchestrator
 * sets itself (master, deploy mode, app name, jars, timeout, event logs), the cluster's own security (authentication,
 * encryption, filters, ACLs, redaction), the run's identity (AWS credentials come from the task role, never from a
 * spec, which Step Functions keeps in clear in the execution history), and ways to load code or JVM options outside
 * the job's jar. docs/job-spec.md explains each rule; keep the two in step.
 *
 * <p>Keys are compared case-insensitively: Spark itself is case-sensitive, so an odd-cased key would be ignored by
 * Spark anyway, and refusing it costs nothing while closing any gap between this list and Spark's parsing.
 */
public final class ProtectedSettings {

    private record Rule(BiPredicate<String, String> applies, String reason) {
    }

    private static final Pattern FILTER_PARAMETER = Pattern.compile("spark\\..+\\.param\\..+");
    private static final Pattern ENVIRONMENT_KEY =
            Pattern.compile("spark\\.(executorenv|driverenv|yarn\\.appmasterenv|kubernetes\\.driverenv)\\.(.+)");
    private static final Pattern PROTECTED_ENVIRONMENT = Pattern.compile(
            "aws_.*|java_tool_options|_java_options|jdk_java_options|ld_.*|dyld_.*|classpath|java_home|path"
                    + "|spark_.*|hadoop_.*|pyspark_.*");
    private static final List<String> JAVA_OPTIONS_KEYS = List.of(
            "spark.driver.extrajavaoptions", "spark.executor.extrajavaoptions",
            "spark.driver.defaultjavaoptions", "spark.executor.defaultjavaoptions");
    /** JVM options that change security settings, load agents or code, inject Spark properties or run commands. */
    private static final List<String> FORBIDDEN_JAVA_OPTIONS = List.of(
            "-dspark.", "-javaagent", "-agentlib", "-agentpath", "-djava.security", "-djava.system.class.loader",
            "-xbootclasspath", "-xx:onerror", "-xx:onoutofmemoryerror", "-daws.accesskeyid",
            "-daws.secretaccesskey", "-daws.secretkey", "-daws.sessiontoken", "-daws.credentials");
    /** Parts of Hadoop keys (compared without '.', '-', '_') that carry or choose storage credentials. */
    private static final List<String> HADOOP_CREDENTIAL_PARTS = List.of(
            "credential", "accesskey", "secretkey", "sessiontoken", "assumedrole", "delegationtoken",
            "password", "secret", "accountkey", "privatekey", "encryptionkey");

    private static final List<Rule> RULES = List.of(
            new Rule((k, v) -> k.equals("spark.master"),
                    "protected: spark-burst sets the master to the run's cluster"),
            new Rule((k, v) -> k.equals("spark.submit.deploymode"),
                    "protected: spark-burst submits in cluster deploy mode"),
            new Rule((k, v) -> k.equals("spark.app.name") || k.equals("spark.app.id"),
                    "protected: spark-burst names the application after the run id, which is how a retried "
                            + "submission finds the driver it already started"),
            new Rule((k, v) -> k.equals("spark.jars"),
                    "protected: spark-burst sets spark.jars to the appResource so that executors load the job; "
                            + "package dependencies into the job's jar"),
            new Rule((k, v) -> k.startsWith("spark.master.") || k.startsWith("spark.worker.")
                            || k.startsWith("spark.deploy."),
                    "protected: master, worker and deploy settings (including the REST submission server) belong "
                            + "to the cluster's configuration, not to a job"),
            new Rule((k, v) -> k.startsWith("spark.driver.resource.") || k.equals("spark.driver.resourcesfile"),
                    "protected: spark-burst places the driver with a custom resource that only workers allowed to "
                            + "host drivers offer (on-demand workers when workers run on Fargate Spot)"),
            new Rule((k, v) -> k.equals("spark.submit.pyfiles"),
                    "protected: list a Python job's modules and archives in the spec's pyFiles field, which "
                            + "spark-burst ships to the driver and the executors"),
            new Rule((k, v) -> k.equals("spark.pyspark.python") || k.equals("spark.pyspark.driver.python"),
                    "protected: the image chooses the Python of drivers and executors, and a Python driver starts "
                            + "through a guard that ends it with its JVM, so that a run's kill and timeout reach it"),
            new Rule((k, v) -> k.equals("spark.decommission.enabled"),
                    "protected: spark-burst decommissions a stopping worker (a Fargate Spot reclaim) gracefully, "
                            + "and the worker waits for the executors of every run to migrate their blocks and exit"),
            new Rule((k, v) -> k.equals("spark.driver.supervise"),
                    "protected: a supervised driver is relaunched by the master outside the run's control"),
            new Rule((k, v) -> k.equals("spark.driver.timeout") || k.startsWith("spark.plugins"),
                    "protected: spark-burst enforces the run's timeout with Spark's driver timeout plugin; "
                            + "set the spec's timeout instead"),
            new Rule((k, v) -> k.startsWith("spark.eventlog."),
                    "protected: spark-burst writes every run's event log to the results bucket for the "
                            + "History Server"),
            new Rule((k, v) -> k.startsWith("spark.authenticate"),
                    "protected: RPC authentication is a cluster security setting"),
            new Rule((k, v) -> k.startsWith("spark.network.crypto.") || k.startsWith("spark.network.sasl."),
                    "protected: network encryption is a cluster security setting"),
            new Rule((k, v) -> k.startsWith("spark.io.encryption."),
                    "protected: I/O encryption is a cluster security setting"),
            new Rule((k, v) -> k.startsWith("spark.ssl"),
                    "protected: TLS is a cluster security setting"),
            new Rule((k, v) -> k.equals("spark.ui.store.path")
                            || k.equals("spark.sql.streaming.statestore.providerclass")
                            && v.toLowerCase(Locale.ROOT).contains("rocksdb"),
                    "not available: the Spark image leaves out RocksDB (rocksdbjni), which a disk-backed live UI "
                            + "store and the RocksDB state store need (docs/image.md, \"Jars left out\"); the default "
                            + "in-memory UI store and state store work"),
            new Rule((k, v) -> k.endsWith(".filters") || FILTER_PARAMETER.matcher(k).matches(),
                    "protected: servlet filters and their parameters guard the UIs and the REST submission server "
                            + "(for example the JWS filter's key)"),
            new Rule((k, v) -> k.startsWith("spark.acls.") || k.startsWith("spark.admin.acls")
                            || k.startsWith("spark.modify.acls") || k.startsWith("spark.ui.view.acls")
                            || k.startsWith("spark.ui.acls.") || k.startsWith("spark.history.ui.acls")
                            || k.startsWith("spark.history.ui.admin.acls") || k.equals("spark.user.groups.mapping"),
                    "protected: access control lists are a cluster security setting"),
            new Rule((k, v) -> k.startsWith("spark.redaction.") || k.startsWith("spark.sql.redaction."),
                    "protected: redaction keeps secrets out of UIs, logs and event logs"),
            new Rule((k, v) -> k.startsWith("spark.kerberos.") || k.startsWith("spark.security."),
                    "protected: Kerberos and delegation-token settings would change the run's identity"),
            new Rule(ProtectedSettings::isHadoopCredential,
                    "protected: credentials in Hadoop settings; AWS access comes from the task role, and a secret "
                            + "in a spec would be stored in clear in the Step Functions execution history"),
            new Rule(ProtectedSettings::isProtectedEnvironment,
                    "protected: this environment variable would replace the task role's AWS credentials or "
                            + "endpoints, inject JVM options, libraries or a class path, or change the Python "
                            + "interpreter the image chose"),
            new Rule((k, v) -> JAVA_OPTIONS_KEYS.contains(k) && forbiddenJavaOption(v).isPresent(),
                    "protected: JVM options must not set Spark properties (-Dspark.), security properties "
                            + "(-Djava.security), agents (-javaagent, -agentlib, -agentpath), the boot class path or "
                            + "system class loader, AWS credentials (-Daws.*), or commands run on errors"),
            new Rule((k, v) -> k.equals("spark.driver.extraclasspath") || k.equals("spark.executor.extraclasspath")
                            || k.equals("spark.driver.extralibrarypath") || k.equals("spark.executor.extralibrarypath")
                            || k.endsWith(".userclasspathfirst"),
                    "protected: the job's code is its appResource; class path and library path changes would "
                            + "load code from the nodes or let the job's jar replace Spark's own classes"));

    private ProtectedSettings() {
    }

    /** Why a job may not set this property, or empty when it may. */
    public static Optional<String> check(String key, String value) {
        if (key == null) {
            return Optional.empty();
        }
        // Surrounding white space and letter case never make a protected key acceptable.
        String k = key.strip().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value;
        for (Rule rule : RULES) {
            if (rule.applies().test(k, v)) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }

    /**
     * The first forbidden option in a JVM options string, as written in {@link #FORBIDDEN_JAVA_OPTIONS}. The string
     * is split into arguments the way Spark splits it before starting {@code java}, so quoting and escaping cannot
     * hide an option; the raw string is checked too, which costs nothing and catches an option inside a value.
     */
    static Optional<String> forbiddenJavaOption(String value) {
        List<String> arguments = new java.util.ArrayList<>();
        arguments.add(value);
        arguments.addAll(JavaOptionsSplitter.split(value));
        for (String argument : arguments) {
            String v = argument.toLowerCase(Locale.ROOT);
            for (String option : FORBIDDEN_JAVA_OPTIONS) {
                if (v.contains(option)) {
                    return Optional.of(option);
                }
            }
        }
        // An @argfile is read by the java launcher and could hold any of the above.
        for (String argument : JavaOptionsSplitter.split(value)) {
            if (argument.startsWith("@")) {
                return Optional.of("@argfile");
            }
        }
        for (String token : value.trim().split("\\s+")) {
            if (token.startsWith("@") || token.startsWith("'@") || token.startsWith("\"@")) {
                return Optional.of("@argfile");
            }
        }
        return Optional.empty();
    }

    private static boolean isHadoopCredential(String k, String v) {
        if (!k.startsWith("spark.hadoop.")) {
            return false;
        }
        String compact = k.replace(".", "").replace("-", "").replace("_", "");
        return HADOOP_CREDENTIAL_PARTS.stream().anyMatch(compact::contains);
    }

    private static boolean isProtectedEnvironment(String k, String v) {
        var matcher = ENVIRONMENT_KEY.matcher(k);
        return matcher.matches() && PROTECTED_ENVIRONMENT.matcher(matcher.group(2)).matches();
    }
}
