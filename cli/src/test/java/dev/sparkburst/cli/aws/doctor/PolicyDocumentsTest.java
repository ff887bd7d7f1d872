package dev.sparkburst.cli.aws.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private static final String KEY = "arn:aws:s3:::sparkburst-dev-data-jwskeybucket-abc/spark-master/jws-key.env";

    @Test
    void anAllowOfTheActionOnTheKeyAsIamReturnsItUrlEncodedIsFound() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"s3:GetBucketLocation\",\"s3:GetObject\"],\"Resource\":\"" + KEY + "\"}]}";

        assertThat(PolicyDocuments.allows(URLEncoder.encode(document, StandardCharsets.UTF_8),
                "s3:GetObject", KEY)).isTrue();
        assertThat(PolicyDocuments.allows(document, "s3:GetObject", KEY)).isTrue();
    }

    @Test
    void wildcardsMatchAsInIamAndActionsIgnoreCase() {
        String document = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"S3:Get*\","
                + "\"Resource\":\"arn:aws:s3:::sparkburst-dev-data-jwskeybucket-???/*\"}}";

        assertThat(PolicyDocuments.allows(document, "s3:GetObject", KEY)).isTrue();
        assertThat(PolicyDocuments.allows(document, "s3:GetObject", KEY.replace("-abc/", "-abcd/"))).isFalse();
        assertThat(PolicyDocuments.allows(document, "s3:PutObject", KEY)).isFalse();
    }

    @Test
    void anotherResourceOrADenyIsNoAllow() {
        String other = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::other-bucket/*\"}]}";
        // The key bucket's policy: a Deny of reads on every object, sparing only the readers (a condition).
        String deny = "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":"
                + "[\"s3:GetObject\",\"s3:GetObjectVersion\"],\"Resource\":\"arn:aws:s3:::"
                + "sparkburst-dev-data-jwskeybucket-abc/*\",\"Condition\":{\"ArnNotEquals\":{\"aws:PrincipalArn\":"
                + "[\"arn:aws:iam::123456789012:role/reader\"]}}}]}";

        assertThat(PolicyDocuments.allows(other, "s3:GetObject", KEY)).isFalse();
        assertThat(PolicyDocuments.allows(deny, "s3:GetObject", KEY)).isFalse();
        assertThat(PolicyDocuments.denies(deny, "s3:GetObject", KEY)).isTrue();
        assertThat(PolicyDocuments.denies(other, "s3:GetObject", KEY)).isFalse();
    }
}
