package dev.sparkburst.aws;

import dev.sparkburst.core.contracts.JwsKeyObject;
import dev.sparkburst.core.contracts.JwsKeyObject.Location;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Spark master's REST JWS key as an S3 object ({@link JwsKeyObject}): the in-VPC functions read it through the
 * S3 gateway endpoint, the deploy-time key writer creates and deletes it. Encryption comes from the bucket's default
 * (SSE-KMS under the AWS managed key), so no call names a key and none needs a KMS endpoint.
 */
public final class S3JwsKey implements AutoCloseable {

    private final S3Client s3;

    public S3JwsKey(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** The key (s3:GetObject; the bucket policy refuses every role but its readers). */
    public String read(Location location) {
        String body = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()))
                .asString(StandardCharsets.UTF_8);
        return JwsKeyObject.parse(body);
    }

    /** Writes a fresh random key (s3:PutObject); the key itself is returned to nobody. */
    public void writeNew(Location location, SecureRandom random) {
        s3.putObject(b -> b.bucket(location.bucket()).key(location.key()).contentType("text/plain"),
                RequestBody.fromString(JwsKeyObject.body(JwsKeyObject.generate(random)), StandardCharsets.UTF_8));
    }

    /** Deletes the key (s3:DeleteObject); a key already gone is no error. */
    public void delete(Location location) {
        s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
    }

    @Override
    public void close() {
        s3.close();
    }
}
