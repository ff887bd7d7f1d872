package dev.sparkburst.local.s3;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the local S3 API answers and with which credentials; builds SDK clients and the s3a settings Spark
 * needs to read and write it.
 *
 * @param url       for example {@code http://127.0.0.1:9090}
 * @param region    the region clients sign for (S3Proxy accepts any)
 * @param accessKey the local access key
 * @param secretKey the local secret key
 */
public record S3Endpoint(URI url, String region, String accessKey, String secretKey) {

    public static final String REGION = "us-east-1";

    public S3Endpoint {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("url must be http://host:port, was " + url);
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("accessKey must not be blank");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("secretKey must not be blank");
        }
    }

    public static S3Endpoint onLocalhost(int port, String accessKey, String secretKey) {
        return new S3Endpoint(URI.create("http://127.0.0.1:" + port), REGION, accessKey, secretKey);
    }

    public int port() {
        return url.getPort();
    }

    /** A client for this endpoint; path-style addressing since bucket host names do not resolve locally. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(url)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Spark properties that point s3a at this endpoint, for the Spark daemons and every driver. */
    public Map<String, String> s3aProperties() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.endpoint", url.toString());
        conf.put("spark.hadoop.fs.s3a.endpoint.region", region);
        conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
        conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
        conf.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.put("spark.hadoop.fs.s3a.access.key", accessKey);
        conf.put("spark.hadoop.fs.s3a.secret.key", secretKey);
        return conf;
    }
}
