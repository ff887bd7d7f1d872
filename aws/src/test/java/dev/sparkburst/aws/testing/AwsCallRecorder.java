package dev.sparkburst.aws.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Records every call an SDK client makes, as IAM sees it: the service, the operation, the IAM action it is
 * authorized as (e.g. {@code s3:PutObject}, {@code dynamodb:Query}) and the resource ARN taken from the request.
 * Calls are recorded before they are sent, so a call that fails (a missing key, a lost condition) counts too:
 * AWS authorizes it all the same.
 *
 * <p>Attach it with {@link #attach} or a client's override configuration. hadoop-aws instantiates interceptors
 * itself ({@code fs.s3a.audit.execution.interceptors}): name {@link Global}, which records into {@link #global()}.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /**
     * One call.
     *
     * @param context the request's IAM condition keys that policies here test (s3:prefix)
     */
    public record Call(String service, String operation, String action, String resource,
                       Map<String, String> context) {
        public Call {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            context = Map.copyOf(context);
        }

        @Override
        public String toString() {
            return action + " on " + resource + (context.isEmpty() ? "" : " " + context);
        }
    }

    private static final AwsCallRecorder GLOBAL = new AwsCallRecorder(MotoServer.ACCOUNT);

    private final String account;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** @param account the account ARNs name (the local servers know none; moto's by default) */
    public AwsCallRecorder(String account) {
        this.account = Objects.requireNonNull(account, "account");
    }

    /** The recorder {@link Global} writes to. */
    public static AwsCallRecorder global() {
        return GLOBAL;
    }

    /**
     * For SDK users that instantiate interceptors by class name (hadoop-aws): records into {@link #global()}, and,
     * when the system property {@value #FILE_PROPERTY} names a file, appends each call to it as a line (see
     * {@link #readFile}), for a test to read the calls of another JVM.
     */
    public static final class Global implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            write(GLOBAL.record(context, attributes));
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            write(GLOBAL.recordFailure(context, attributes));
        }

        private static void write(List<Call> added) {
            String file = System.getProperty(FILE_PROPERTY);
            if (file != null) {
                StringBuilder lines = new StringBuilder();
                added.forEach(c -> lines.append(c.service()).append('\t')
                        .append(c.operation()).append('\t').append(c.action()).append('\t').append(c.resource())
                        .append('\t').append(c.context().getOrDefault(PREFIX, NO_PREFIX)).append('\n'));
                synchronized (Global.class) {
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(file), lines,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot record to " + file, e);
                    }
                }
            }
        }
    }

    /** The system property that names {@link Global}'s file. */
    public static final String FILE_PROPERTY = "sparkburst.aws.calls.file";
    private static final String PREFIX = "s3:prefix";
    private static final String NO_PREFIX = "(none)";

    /** The calls {@link Global} wrote to a file. */
    public static List<Call> readFile(java.nio.file.Path file) throws java.io.IOException {
        List<Call> calls = new ArrayList<>();
        if (!java.nio.file.Files.exists(file)) {
            return calls;
        }
        for (String line : java.nio.file.Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            calls.add(new Call(f[0], f[1], f[2], f[3], f[4].equals(NO_PREFIX) ? Map.of() : Map.of(PREFIX, f[4])));
        }
        return calls;
    }

    /** Adds this recorder to a client builder's interceptors. */
    public <B extends AwsClientBuilder<B, C>, C> B attach(B builder) {
        return builder.overrideConfiguration(o -> o.addExecutionInterceptor(this));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clear() {
        calls.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        record(context, attributes);
    }

    /**
     * A read of a missing object: S3 answers 404 only to a principal that may list the bucket, and 403 otherwise,
     * which the code would take for a failure. Recorded as the s3:ListBucket the answer needed.
     */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        recordFailure(context, attributes);
    }

    private List<Call> recordFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if ("s3".equalsIgnoreCase(service) && (operation.equals("GetObject") || operation.equals("HeadObject"))
                && context.exception() instanceof SdkServiceException e && e.statusCode() == 404) {
            Call call = call("S3", operation, "s3:ListBucket", "arn:aws:s3:::" + field(context.request(), "Bucket"));
            calls.add(call);
            return List.of(call);
        }
        return List.of();
    }

    private List<Call> record(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        List<Call> added = calls(service, operation, region == null ? "us-east-1" : region.id(), context.request());
        calls.addAll(added);
        return added;
    }

    private List<Call> calls(String service, String operation, String region, SdkRequest request) {
        List<Call> result = new ArrayList<>();
        // The SDK names services as its client classes do (DynamoDb, Ecs, Sfn, ...).
        switch (service.toLowerCase(java.util.Locale.ROOT).replace(" ", "")) {
            case "s3" -> result.addAll(s3(operation, request));
            case "dynamodb" -> {
                String table = "arn:aws:dynamodb:" + region + ":" + account + ":table/";
                if (operation.equals("TransactWriteItems")) {
                    // IAM authorizes a transaction as its single writes. Read through the SDK's field model, so that
                    // the recorder loads in JVMs without the DynamoDB module (a Spark driver's).
                    for (Object item : request.getValueForField("TransactItems", List.class).orElse(List.of())) {
                        for (SdkField<?> part : ((SdkPojo) item).sdkFields()) {
                            Object write = part.getValueOrDefault(item);
                            if (write instanceof SdkPojo pojo) {
                                String name = pojo.sdkFields().stream()
                                        .filter(f -> f.memberName().equals("TableName"))
                                        .map(f -> String.valueOf(f.getValueOrDefault(pojo))).findFirst()
                                        .orElseThrow();
                                String action = part.memberName().equals("ConditionCheck") ? "ConditionCheckItem"
                                        : part.memberName() + "Item";
                                result.add(call(service, operation, "dynamodb:" + action, table + name));
                            }
                        }
                    }
                } else {
                    result.add(call(service, operation, "dynamodb:" + operation,
                            table + field(request, "TableName")));
                }
            }
            case "ecs" -> {
                String cluster = last(field(request, "cluster"));
                String clusterArn = "arn:aws:ecs:" + region + ":" + account + ":cluster/" + cluster;
                // ListTasks is authorized on no resource, with the cluster as the ecs:cluster condition key.
                if (operation.equals("ListTasks")) {
                    result.add(new Call(service, operation, "ecs:ListTasks", "*", Map.of("ecs:cluster", clusterArn)));
                    break;
                }
                // Calls on tasks are authorized on each task's ARN.
                List<String> tasks = new ArrayList<>();
                request.getValueForField("tasks", List.class).ifPresent(list -> list.forEach(
                        t -> tasks.add(String.valueOf(t))));
                if (!tasks.isEmpty()) {
                    tasks.forEach(t -> result.add(call(service, operation, "ecs:" + operation, t.startsWith("arn:") ? t
                            : "arn:aws:ecs:" + region + ":" + account + ":task/" + cluster + "/" + t)));
                    break;
                }
                String prefix = "arn:aws:ecs:" + region + ":" + account + ":service/" + cluster + "/";
                List<String> services = new ArrayList<>();
                request.getValueForField("service", String.class).ifPresent(services::add);
                request.getValueForField("services", List.class).ifPresent(list -> list.forEach(
                        s -> services.add(String.valueOf(s))));
                if (services.isEmpty()) {
                    result.add(call(service, operation, "ecs:" + operation, "arn:aws:ecs:" + region + ":" + account
                            + ":cluster/" + cluster));
                }
                services.forEach(s -> result.add(call(service, operation, "ecs:" + operation,
                        s.startsWith("arn:") ? s : prefix + s)));
            }
            case "sns" -> result.add(call(service, operation, "sns:" + operation, field(request, "TopicArn")));
            case "sfn" -> {
                String arn = request.getValueForField("executionArn", String.class)
                        .or(() -> request.getValueForField("stateMachineArn", String.class))
                        .orElseThrow(() -> new IllegalStateException("no ARN in Step Functions " + operation));
                result.add(call(service, operation, "states:" + operation, arn));
            }
            case "secretsmanager" -> result.add(call(service, operation,
                    "secretsmanager:" + operation, secretArn(field(request, "SecretId"), region)));
            case "cloudformation" -> {
                // A stack named by its id (an ARN) is that stack; by name, any stack of that name.
                String stack = field(request, "StackName");
                result.add(call(service, operation, "cloudformation:" + operation, stack.startsWith("arn:") ? stack
                        : "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stack + "/*"));
            }
            case "lambda" -> result.add(call(service, operation, "lambda:" + lambdaAction(operation),
                    functionArn(field(request, "FunctionName"),
                            request.getValueForField("Qualifier", String.class).orElse(null), region)));
            case "sts" -> result.add(call(service, operation, "sts:" + operation, "*"));
            default -> throw new IllegalStateException("the recorder knows no resources of service " + service
                    + " (operation " + operation + "): teach it before trusting a proof over it");
        }
        return result;
    }

    /** IAM names the Invoke operation lambda:InvokeFunction; the others as the operation. */
    private static String lambdaAction(String operation) {
        return operation.equals("Invoke") ? "InvokeFunction" : operation;
    }

    /** A function named by name, partial ARN ({@code account:function:name}) or ARN, with its qualifier if any. */
    private String functionArn(String function, String qualifier, String region) {
        String arn;
        if (function.startsWith("arn:")) {
            arn = function;
        } else if (function.contains(":function:")) {
            arn = "arn:aws:lambda:" + region + ":" + function;
        } else {
            arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
        }
        return qualifier == null ? arn : arn + ":" + qualifier;
    }

    private String secretArn(String id, String region) {
        return id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id;
    }

    private static List<Call> s3(String operation, SdkRequest request) {
        String bucket = field(request, "Bucket");
        String bucketArn = "arn:aws:s3:::" + bucket;
        String key = request.getValueForField("Key", String.class).orElse(null);
        String object = key == null ? null : bucketArn + "/" + key;
        return switch (operation) {
            case "GetObject", "HeadObject" -> List.of(call("S3", operation, "s3:GetObject", object));
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                    List.of(call("S3", operation, "s3:PutObject", object));
            case "CopyObject" -> {
                String source = request.getValueForField("CopySource", String.class).orElse(null);
                if (source == null) {
                    source = field(request, "SourceBucket") + "/" + field(request, "SourceKey");
                }
                yield List.of(call("S3", operation, "s3:PutObject", object),
                        call("S3", operation, "s3:GetObject", "arn:aws:s3:::"
                                + java.net.URLDecoder.decode(source, java.nio.charset.StandardCharsets.UTF_8)));
            }
            case "DeleteObject" -> List.of(call("S3", operation, "s3:DeleteObject", object));
            case "DeleteObjects" -> {
                List<Call> deletes = new ArrayList<>();
                request.getValueForField("Delete", software.amazon.awssdk.services.s3.model.Delete.class)
                        .ifPresent(d -> d.objects().forEach(o -> deletes.add(
                                call("S3", operation, "s3:DeleteObject", bucketArn + "/" + o.key()))));
                yield deletes;
            }
            case "AbortMultipartUpload" -> List.of(call("S3", operation, "s3:AbortMultipartUpload", object));
            case "ListParts" -> List.of(call("S3", operation, "s3:ListMultipartUploadParts", object));
            case "ListMultipartUploads" -> List.of(new Call("S3", operation, "s3:ListBucketMultipartUploads",
                    bucketArn, prefixContext(request)));
            case "ListObjects", "ListObjectsV2", "ListObjectVersions" -> List.of(new Call("S3", operation,
                    "s3:ListBucket", bucketArn, prefixContext(request)));
            // HeadBucket is authorized as s3:ListBucket, without a prefix.
            case "HeadBucket" -> List.of(call("S3", operation, "s3:ListBucket", bucketArn));
            case "GetBucketLocation" -> List.of(call("S3", operation, "s3:GetBucketLocation", bucketArn));
            default -> throw new IllegalStateException("the recorder knows no IAM action for S3 " + operation);
        };
    }

    private static Map<String, String> prefixContext(SdkRequest request) {
        Map<String, String> context = new LinkedHashMap<>();
        // An absent prefix is the empty prefix for the s3:prefix condition key.
        context.put(PREFIX, request.getValueForField("Prefix", String.class).orElse(""));
        return context;
    }

    private static Call call(String service, String operation, String action, String resource) {
        if (resource == null) {
            throw new IllegalStateException(service + " " + operation + " names no resource");
        }
        return new Call(service, operation, action, resource, Map.of());
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).orElseThrow(() -> new IllegalStateException(
                request.getClass().getSimpleName() + " has no " + name));
    }

    private static String last(String nameOrArn) {
        return nameOrArn.contains("/") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }
}
