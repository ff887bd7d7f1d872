package dev.sparkburst.cli.aws;

import dev.sparkburst.cli.CliException;
import dev.sparkburst.cli.ExitCodes;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The AWS SDK's errors as the CLI's one-line errors (exit code 5), the same wherever a command calls AWS. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** An AWS service error as one line. */
    public static CliException serviceError(String doing, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new CliException(ExitCodes.INTERNAL, "AWS error while " + doing + ": " + code + message, e);
    }

    /** Missing credentials, an unreachable endpoint: the message says which. */
    public static CliException clientError(String doing, SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("credentials")) {
            return new CliException(ExitCodes.INTERNAL, "no AWS credentials: set AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY, pick a profile with --profile or AWS_PROFILE, or sign in with "
                    + "`aws sso login` (" + firstPart(message) + ")", e);
        }
        return new CliException(ExitCodes.INTERNAL, "cannot reach AWS while " + doing + ": " + message, e);
    }

    /** The call's answer; an AWS error ends the command with a line saying what was being done. */
    public static <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw serviceError(doing, e);
        } catch (SdkClientException e) {
            throw clientError(doing, e);
        }
    }

    /** Whether CloudFormation refused a call because the stack it names does not exist (it has no own error code). */
    public static boolean isMissingStack(AwsServiceException e) {
        return e.awsErrorDetails() != null && "ValidationError".equals(e.awsErrorDetails().errorCode())
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist");
    }

    /** The SDK's summary without the per-provider details it appends after " : [". */
    private static String firstPart(String message) {
        String line = message.lines().findFirst().orElse("");
        int details = line.indexOf(" : [");
        String head = details < 0 ? line : line.substring(0, details);
        int chain = head.indexOf(" AwsCredentialsProviderChain(");
        return chain < 0 ? head : head.substring(0, chain);
    }
}
