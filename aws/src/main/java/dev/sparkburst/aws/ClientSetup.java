package dev.sparkburst.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * A last say over every SDK client builder the adapters' wiring makes ({@code LambdaEnvironment}, the CLI's
 * connector): nothing in AWS, where the SDK's default chains apply; in tests, the endpoint of a local API server,
 * its credentials and region, and an interceptor that records the calls.
 */
public interface ClientSetup {

    /** Leaves every builder as it is. */
    ClientSetup NONE = new ClientSetup() {
        @Override
        public <B extends AwsClientBuilder<B, C>, C> B apply(B builder) {
            return builder;
        }
    };

    /** Answers the builder, changed as this setup wants (same builder or the same kind). */
    <B extends AwsClientBuilder<B, C>, C> B apply(B builder);
}
