package dev.sparkburst.core.jobspec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"spark.jdbc.password", "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key",
            "spark.hadoop.fs.s3a.session.token", "spark.my.api_token", "spark.executorEnv.AWS_SECRET_ACCESS_KEY",
            "spark.executorEnv.AWS_SESSION_TOKEN", "spark.hadoop.fs.s3a.aws.credentials.provider",
            "spark.authenticate.secret", "spark.ssl.keyStorePassword", "spark.hadoop.fs.s3.awsAccessKeyId",
            "spark.hadoop.fs.azure.account.key.x", "spark.hadoop.fs.s3a.encryption.key"})
    void redactsValuesOfSecretLookingKeys(String key) {
        assertThat(Redaction.redactSparkConf(Map.of(key, "hunter2"))).containsEntry(key, Redaction.REDACTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.executor.memory", "spark.sql.session.timeZone", "spark.hadoop.fs.s3a.endpoint",
            "spark.executorEnv.AWS_REGION", "spark.keyspace"})
    void keepsValuesOfOrdinaryKeys(String key) {
        assertThat(Redaction.redactSparkConf(Map.of(key, "2g"))).containsEntry(key, "2g");
    }

    @Test
    void keepsTheOrderAndDoesNotChangeTheInput() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.b", "1");
        conf.put("spark.a.password", "secret");
        conf.put("spark.c", "3");

        Map<String, String> redacted = Redaction.redactSparkConf(conf);

        assertThat(redacted).containsExactly(Map.entry("spark.b", "1"), Map.entry("spark.a.password", Redaction.REDACTED),
                Map.entry("spark.c", "3"));
        assertThat(conf).containsEntry("spark.a.password", "secret");
        assertThat(redacted).isUnmodifiable();
    }

    @Test
    void treatsNoConfigurationAsEmpty() {
        assertThat(Redaction.redactSparkConf(null)).isEmpty();
    }
}
