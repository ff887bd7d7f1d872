package dev.sparkburst.cli.aws;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import dev.sparkburst.local.history.EventLogAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
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

    @Override
    public EcsClient ecs(String region, String profile) {
        return EcsClient.builder().region(region(region, profile)).credentialsProvider(credentials(profile))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * The credentials as the default chains resolve them now (SSO and assume-role profiles included), handed to the
     * History Server's process as environment variables, which s3a reads through the SDK's environment provider:
     * they stay off its command line and out of its properties file. Temporary credentials are not renewed in that
     * process (docs/cli.md says so).
     */
    @Override
    public EventLogAccess eventLogAccess(String region, String profile) {
        Region resolved = region(region, profile);
        AwsCredentials credentials;
        try {
            credentials = credentials(profile).resolveCredentials();
        } catch (SdkClientException e) {
            throw AwsErrors.clientError("resolving the credentials for the History Server", e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            environment.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        environment.put("AWS_REGION", resolved.id());
        return new EventLogAccess(historyS3a(resolved.id()), environment, List.of(), List.of());
    }

    /** The s3a settings of a History Server over a bucket in {@code region}, credentials from the environment. */
    public static Map<String, String> historyS3a(String region) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.endpoint.region", region);
        conf.put("spark.hadoop.fs.s3a.aws.credentials.provider", ENVIRONMENT_PROVIDER);
        return conf;
    }

    /** The SDK v2 provider that reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. */
    public static final String ENVIRONMENT_PROVIDER =
            "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider";

    private static AwsCredentialsProvider credentials(String profile) {
        return profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
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
