package dev.sparkburst.cli.aws;

import java.util.Objects;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The AWS clients a command against a deployment needs; closed together. */
public record AwsClients(CloudFormationClient cloudFormation, SfnClient stepFunctions, S3Client s3,
                         DynamoDbClient dynamo) implements AutoCloseable {

    public AwsClients {
        Objects.requireNonNull(cloudFormation, "cloudFormation");
        Objects.requireNonNull(stepFunctions, "stepFunctions");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamo, "dynamo");
    }

    @Override
    public void close() {
        cloudFormation.close();
        stepFunctions.close();
        s3.close();
        dynamo.close();
    }
}
