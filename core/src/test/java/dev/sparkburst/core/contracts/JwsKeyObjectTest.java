package dev.sparkburst.core.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwsKeyObjectTest {

    @Test
    void aGeneratedKeyIs384BitsOfBase64UrlAndEachIsNew() {
        SecureRandom random = new SecureRandom();
        String key = JwsKeyObject.generate(random);

        assertThat(key).hasSize(64).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(48);
        assertThat(JwsKeyObject.generate(random)).isNotEqualTo(key);
    }

    @Test
    void theBodyIsAnEcsEnvironmentFileThatSetsTheMastersVariable() {
        String key = JwsKeyObject.generate(new SecureRandom());

        assertThat(JwsKeyObject.body(key)).isEqualTo("SPARK_REST_JWS_KEY=" + key + "\n");
        assertThat(JwsKeyObject.parse(JwsKeyObject.body(key))).isEqualTo(key);
        assertThat(JwsKeyObject.parse("# made at deploy time\r\nSPARK_REST_JWS_KEY=" + key + "\r\n")).isEqualTo(key);
        assertThat(JwsKeyObject.KEY).endsWith(".env");
    }

    @Test
    void aBodyWithoutTheVariableOrWithAWeakKeyIsRefusedWithoutEchoingIt() {
        String weak = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);

        assertThatThrownBy(() -> JwsKeyObject.parse("OTHER=secret-looking-value\n"))
                .hasMessageContaining("no SPARK_REST_JWS_KEY= line").hasMessageNotContaining("secret-looking-value");
        assertThatThrownBy(() -> JwsKeyObject.parse("SPARK_REST_JWS_KEY=" + weak)).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> JwsKeyObject.body(weak)).hasMessageContaining("256 bits");
    }

    @Test
    void aLocationIsAnS3UriOfBucketAndKey() {
        JwsKeyObject.Location location = JwsKeyObject.Location.inBucket("keys-bucket");

        assertThat(location.toString()).isEqualTo("s3://keys-bucket/spark-master/jws-key.env");
        assertThat(JwsKeyObject.Location.parse(location.toString())).isEqualTo(location);
        assertThatThrownBy(() -> JwsKeyObject.Location.parse("arn:aws:s3:::keys-bucket/k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwsKeyObject.Location.parse("s3://keys-bucket")).isInstanceOf(IllegalArgumentException.class);
    }
}
