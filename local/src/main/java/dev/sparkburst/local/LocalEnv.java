package dev.sparkburst.local;

import java.util.Objects;

/**
 * How S3 clients (the AWS CLI, SDKs, s3a) reach the local buckets.
 *
 * @param s3Endpoint      for example {@code http://127.0.0.1:19000}
 * @param region          the region to sign for
 * @param accessKey       local access key
 * @param secretKey       local secret key
 * @param artifactsBucket bucket of job jars
 * @param inboxBucket     bucket whose uploads under trigger prefixes start runs
 * @param resultsBucket   bucket of run records, logs and outputs
 */
public record LocalEnv(String s3Endpoint, String region, String accessKey, String secretKey, String artifactsBucket,
                       String inboxBucket, String resultsBucket) {

    public LocalEnv {
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(artifactsBucket, "artifactsBucket");
        Objects.requireNonNull(inboxBucket, "inboxBucket");
        Objects.requireNonNull(resultsBucket, "resultsBucket");
    }

    /** Lines for {@code eval "$(burst local env)"}, with a commented example of the AWS CLI against the buckets. */
    public String toShellExports() {
        return "export AWS_ACCESS_KEY_ID=" + quote(accessKey) + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + quote(secretKey) + "\n"
                + "export AWS_REGION=" + quote(region) + "\n"
                + "export AWS_DEFAULT_REGION=" + quote(region) + "\n"
                + "export AWS_ENDPOINT_URL_S3=" + quote(s3Endpoint) + "\n"
                + "# buckets: " + artifactsBucket + " (artifacts), " + inboxBucket + " (inbox), " + resultsBucket
                + " (results)\n"
                + "# example: aws --endpoint-url " + s3Endpoint + " s3 ls s3://" + resultsBucket + "/runs/\n";
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9_./:@-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
