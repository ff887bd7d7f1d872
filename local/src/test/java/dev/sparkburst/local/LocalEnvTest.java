package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalEnvTest {

    @Test
    void printsExportsTheAwsCliUnderstandsAndAnExampleCommand() {
        LocalEnv env = new LocalEnv("http://127.0.0.1:19000", "us-east-1", "local-access-key", "it's secret",
                "spark-burst-artifacts", "spark-burst-inbox", "spark-burst-results");

        assertThat(env.toShellExports()).contains(
                "export AWS_ACCESS_KEY_ID=local-access-key\n",
                "export AWS_SECRET_ACCESS_KEY='it'\\''s secret'\n",
                "export AWS_REGION=us-east-1\n",
                "export AWS_ENDPOINT_URL_S3=http://127.0.0.1:19000\n",
                "aws --endpoint-url http://127.0.0.1:19000 s3 ls s3://spark-burst-results/");
    }
}
