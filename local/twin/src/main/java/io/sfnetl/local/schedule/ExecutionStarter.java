package io.sfnetl.local.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * How the scheduler and backfill reach Step Functions: start an execution of the ETL state machine, read an
 * execution's status, list recent executions. {@link SfnExecutionStarter} implements it with the AWS SDK's
 * {@code SfnClient}, against the twin's Step Functions API or, with {@code --aws}, AWS itself. Implementations are
 * thread-safe.
 */
public interface ExecutionStarter {

    /**
     * Starts an execution named {@code name}. An execution of that name that exists already is not an error: it is
     * reported as {@link StartOutcome.AlreadyExists} (a fire is never started twice).
     *
     * @throws RuntimeException when Step Functions cannot be reached or refuses the request for another reason
     */
    StartOutcome start(String name, String input);

    /** The status of an execution: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. */
    String status(String executionArn);

    /** The executions of the state machine started at or after {@code since}, with their input, newest first. */
    List<PastExecution> executionsSince(Instant since);

    /**
     * The scheduled runs among the executions started since {@code since} (those whose input has a
     * {@code scheduledTime}), newest first: what a console shows as past scheduled runs.
     */
    default List<PastExecution> scheduledSince(Instant since) {
        return executionsSince(since).stream().filter(e -> e.scheduledTime().isPresent()).toList();
    }

    /** What {@link #start} did. */
    sealed interface StartOutcome {
        String executionArn();

        record Started(String executionArn) implements StartOutcome {
        }

        record AlreadyExists(String executionArn) implements StartOutcome {
        }
    }

    /** An execution as listed, with its input (to read the scheduled time of runs started by EventBridge Scheduler). */
    record PastExecution(String name, String executionArn, String status, Instant startDate, String input) {
        private static final ObjectMapper JSON = new ObjectMapper();

        /** The input's {@code scheduledTime}, if it has a valid one. */
        public Optional<Instant> scheduledTime() {
            if (input == null) {
                return Optional.empty();
            }
            try {
                JsonNode t = JSON.readTree(input).path("scheduledTime");
                return t.isTextual() ? Optional.of(Instant.parse(t.asText())) : Optional.empty();
            } catch (IOException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
