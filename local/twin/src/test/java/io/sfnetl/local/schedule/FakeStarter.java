package io.sfnetl.local.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** An in-memory Step Functions for the scheduler's tests: names are unique, as on AWS. Thread-safe. */
final class FakeStarter implements ExecutionStarter {
    static final String SM = "arn:aws:states:us-east-1:000000000000:stateMachine:etl";

    record Started(String name, String input, Instant at) {
    }

    private final Clock clock;
    private final Map<String, PastExecution> executions = new LinkedHashMap<>();
    final List<Started> starts = new ArrayList<>();
    /** The final status of a new execution, by name; default SUCCEEDED. */
    Function<String, String> outcome = name -> "SUCCEEDED";
    /** Polls that report RUNNING before the final status. */
    int runningPolls = 0;
    /** Starts that throw before one succeeds. */
    int failures = 0;
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final Map<String, Integer> polls = new LinkedHashMap<>();

    FakeStarter(Clock clock) {
        this.clock = clock;
    }

    static String arn(String name) {
        return SM.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    /** An execution that exists already (e.g. started by EventBridge Scheduler with a generated name). */
    synchronized void existing(String name, String status, String input) {
        executions.put(name, new PastExecution(name, arn(name), status, clock.instant(), input));
    }

    @Override
    public synchronized StartOutcome start(String name, String input) {
        if (failures > 0) {
            failures--;
            throw new IllegalStateException("Unable to execute HTTP request: Connection refused");
        }
        if (executions.containsKey(name)) {
            return new StartOutcome.AlreadyExists(arn(name));
        }
        starts.add(new Started(name, input, clock.instant()));
        executions.put(name, new PastExecution(name, arn(name), "RUNNING", clock.instant(), input));
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        return new StartOutcome.Started(arn(name));
    }

    @Override
    public synchronized String status(String executionArn) {
        String name = executionArn.substring(executionArn.lastIndexOf(':') + 1);
        PastExecution e = executions.get(name);
        if (e.status().equals("RUNNING")) {
            int n = polls.merge(name, 1, Integer::sum);
            if (n > runningPolls) {
                running.decrementAndGet();
                e = new PastExecution(name, e.executionArn(), outcome.apply(name), e.startDate(), e.input());
                executions.put(name, e);
            }
        }
        return e.status();
    }

    @Override
    public synchronized List<PastExecution> executionsSince(Instant since) {
        List<PastExecution> out = new ArrayList<>(executions.values().stream()
                .filter(e -> !e.startDate().isBefore(since)).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    synchronized List<String> names() {
        return starts.stream().map(Started::name).toList();
    }
}
