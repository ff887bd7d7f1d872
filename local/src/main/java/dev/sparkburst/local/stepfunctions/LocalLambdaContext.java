package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Instant;
import java.util.Objects;

/** The Lambda {@link Context} of one local invocation. */
final class LocalLambdaContext implements Context {

    private final String functionName;
    private final String functionArn;
    private final String requestId;
    private final Instant deadline;
    private final int memoryLimitInMb;
    private final LambdaLogger logger;

    LocalLambdaContext(String functionName, String functionArn, String requestId, Instant deadline, int memoryLimitInMb) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.memoryLimitInMb = memoryLimitInMb;
        this.logger = new Slf4jLambdaLogger(functionName);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = deadline.toEpochMilli() - System.currentTimeMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
