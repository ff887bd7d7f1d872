package dev.sparkburst.cli.aws;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Clients from the SDK's default chains: environment variables, shared config and credentials files, SSO. */
public final class DefaultAwsConnector implements AwsConnector {

    @Override
    public AwsClients connect(String region, String profile) {
        Region resolved = region(region, profile);
        AwsCredentialsProvider credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        // One HTTP client for all four: it keeps no connections of its own (HttpURLConnection pools them JVM-wide).
        SdkHttpClient http = UrlConnectionHttpClient.create();
        return new AwsClients(
                CloudFormationClient.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build(),
                SfnClient.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build(),
                S3Client.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build(),
                DynamoDbClient.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build());
    }

    @Override
    public DoctorClients connectDoctor(String region, String profile) {
        Region resolved = region(region, profile);
        AwsCredentialsProvider credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        SdkHttpClient http = UrlConnectionHttpClient.create();
        return new DoctorClients(
                EcsClient.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build(),
                EcrClient.builder().region(resolved).credentialsProvider(credentials).httpClient(http).build(),
                // IAM is global: its one endpoint signs in aws-global (aws-cn-global in China).
                IamClient.builder().region(resolved.id().startsWith("cn-") ? Region.AWS_CN_GLOBAL : Region.AWS_GLOBAL)
                        .credentialsProvider(credentials).httpClient(http).build());
    }

    private static Region region(String region, String profile) {
        if (region != null) {
            return Region.of(region);
        }
        try {
            return profile == null ? new DefaultAwsRegionProviderChain().getRegion()
                    : new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile).getRegion();
        } catch (SdkClientException e) {
            throw new CliException(ExitCodes.USAGE, "no AWS region: give --region, set AWS_REGION, or set a region "
                    + "in the profile" + (profile == null ? "" : " '" + profile + "'") + " (aws configure)");
        }
    }
}
