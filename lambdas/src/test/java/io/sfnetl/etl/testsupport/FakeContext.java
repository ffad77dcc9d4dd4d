package io.sfnetl.etl.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.UUID;
import java.util.function.LongSupplier;

/** A Lambda {@link Context} with a fresh request id and a chosen remaining time. */
public final class FakeContext implements Context {
    private final String requestId = UUID.randomUUID().toString();
    private final LongSupplier remaining;

    public FakeContext(LongSupplier remaining) {
        this.remaining = remaining;
    }

    public static FakeContext unlimited() {
        return new FakeContext(() -> 900_000);
    }

    /** Plenty of time for the first {@code checks} checks of this invocation, then none. */
    public static FakeContext runningOutAfter(int checks) {
        int[] n = {0};
        return new FakeContext(() -> n[0]++ < checks ? 900_000 : 0);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/test"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.min(Integer.MAX_VALUE, remaining.getAsLong()); }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.print(message); }
            @Override public void log(byte[] message) { System.out.print(new String(message)); }
        };
    }
}
