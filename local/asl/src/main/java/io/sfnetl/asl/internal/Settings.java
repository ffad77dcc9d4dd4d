package io.sfnetl.asl.internal;

import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.ItemReaderSource;
import io.sfnetl.asl.ResultWriterSink;
import io.sfnetl.asl.TaskInvoker;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** The engine's configuration, shared by all its executions. Immutable. */
public record Settings(TaskInvoker invoker, ItemReaderSource itemReader, ResultWriterSink resultWriter,
        double waitTimeScale, Clock clock, ExecutionListener listener, String region, String account,
        RandomGenerator random, int maxHistoryEvents, int maxPayloadBytes, Registry registry) {
    /** The role an execution reports (ExecutionStarted, {@code $$.Execution.RoleArn}), as Step Functions Local names it. */
    public String roleArn() {
        return "arn:aws:iam::" + account + ":role/StepFunctionsLocalRole";
    }
}
