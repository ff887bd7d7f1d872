package dev.sparkburst.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private static final String KEY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:JwsKey-AbCdEf";

    @Test
    void anAllowOfTheActionOnTheKeyAsIamReturnsItUrlEncodedIsFound() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"secretsmanager:DescribeSecret\",\"secretsmanager:GetSecretValue\"],\"Resource\":\"" + KEY + "\"}]}";

        assertThat(PolicyDocuments.allows(URLEncoder.encode(document, StandardCharsets.UTF_8),
                "secretsmanager:GetSecretValue", KEY)).isTrue();
        assertThat(PolicyDocuments.allows(document, "secretsmanager:GetSecretValue", KEY)).isTrue();
    }

    @Test
    void wildcardsMatchAsInIamAndActionsIgnoreCase() {
        String document = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"SecretsManager:Get*\","
                + "\"Resource\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:JwsKey-??????\"}}";

        assertThat(PolicyDocuments.allows(document, "secretsmanager:GetSecretValue", KEY)).isTrue();
        assertThat(PolicyDocuments.allows(document, "secretsmanager:GetSecretValue", KEY + "x")).isFalse();
        assertThat(PolicyDocuments.allows(document, "secretsmanager:PutSecretValue", KEY)).isFalse();
    }

    @Test
    void anotherResourceOrADenyIsNoAllow() {
        String other = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
                + "\"Resource\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:Other-*\"}]}";
        String deny = "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\","
                + "\"Resource\":\"*\"}]}";

        assertThat(PolicyDocuments.allows(other, "secretsmanager:GetSecretValue", KEY)).isFalse();
        assertThat(PolicyDocuments.allows(deny, "secretsmanager:GetSecretValue", KEY)).isFalse();
        assertThat(PolicyDocuments.denies(deny, "secretsmanager:GetSecretValue", KEY)).isTrue();
    }

    @Test
    void theSecretArnOfAnEcsValueFromDropsTheJsonKeyAndVersion() {
        assertThat(DeploymentDoctor.secretArn(KEY + ":password::")).isEqualTo(KEY);
        assertThat(DeploymentDoctor.secretArn(KEY)).isEqualTo(KEY);
    }
}
