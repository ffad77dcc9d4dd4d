package io.sfnetl.local.workflow;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * A stage handler whose invocations end after a number of records as well as after their (real, scaled) timeout:
 * the context reports no time left once the stage has asked for the remaining time {@code records} times (the
 * stages ask once per record). It makes "every stage continues with its cursor" hold however fast the machine is;
 * the real timeout still ends a call early on a slow one.
 */
final class RecordBudget implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final RequestHandler<Map<String, Object>, Map<String, Object>> stage;
    private final int records;

    RecordBudget(RequestHandler<Map<String, Object>, Map<String, Object>> stage, int records) {
        this.stage = stage;
        this.records = records;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return stage.handleRequest(input, new Budgeted(context, records));
    }

    private static final class Budgeted implements Context {
        private final Context real;
        private int left;

        Budgeted(Context real, int records) {
            this.real = real;
            this.left = records;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return left-- > 0 ? real.getRemainingTimeInMillis() : 0;
        }

        @Override
        public String getAwsRequestId() {
            return real.getAwsRequestId();
        }

        @Override
        public String getLogGroupName() {
            return real.getLogGroupName();
        }

        @Override
        public String getLogStreamName() {
            return real.getLogStreamName();
        }

        @Override
        public String getFunctionName() {
            return real.getFunctionName();
        }

        @Override
        public String getFunctionVersion() {
            return real.getFunctionVersion();
        }

        @Override
        public String getInvokedFunctionArn() {
            return real.getInvokedFunctionArn();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return real.getIdentity();
        }

        @Override
        public ClientContext getClientContext() {
            return real.getClientContext();
        }

        @Override
        public int getMemoryLimitInMB() {
            return real.getMemoryLimitInMB();
        }

        @Override
        public LambdaLogger getLogger() {
            return real.getLogger();
        }
    }
}
