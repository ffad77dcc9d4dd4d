package io.sfnetl.etl.job;

import io.sfnetl.etl.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps a live run's lease ({@link RunLease}) from expiring: the stages call {@link #beat} at each invocation. The
 * first beat of a run in a container reads the run's job record (its {@code lease} key and {@code dataset}); later
 * beats renew at most every sixth of the lease duration, so a run costs a few DynamoDB calls per container, not
 * one per invocation. A run whose record is SUCCEEDED is not renewed (a late, timed-out attempt must not re-take
 * a finished run's lease). Thread-safe.
 */
public final class RunHeartbeat {
    private static final JsonLog LOG = JsonLog.get(RunHeartbeat.class);
    private static final int MAX_RUNS = 64;

    private final DynamoDbClient dynamo;
    private final String table;
    private final RunLease lease;
    private final Clock clock;
    private final Duration every;
    private final Map<String, RunState> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunState> eldest) {
            return size() > MAX_RUNS;
        }
    };

    private record RunState(String dataset, String leaseKey, boolean finished, Instant checked) {
    }

    public RunHeartbeat(DynamoDbClient dynamo, String table, RunLease lease, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.lease = lease;
        this.clock = clock;
        this.every = lease.duration().dividedBy(6);
    }

    /** On the system clock with the lease length from the environment. */
    public static RunHeartbeat fromEnv(DynamoDbClient dynamo, String table) {
        return new RunHeartbeat(dynamo, table, RunLease.fromEnv(dynamo, table), Clock.systemUTC());
    }

    /**
     * Renews {@code run}'s lease when due.
     *
     * @return the run's logical dataset name from its job record, or null when the run has no record
     */
    public String beat(String run) {
        Instant now = clock.instant();
        RunState e;
        synchronized (runs) {
            e = runs.get(run);
        }
        if (e != null && now.isBefore(e.checked().plus(every))) {
            return e.dataset();
        }
        if (e == null || e.leaseKey() == null) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                    .key(Map.of(JobStore.KEY, AttributeValue.fromS(run))).consistentRead(true)
                    .projectionExpression("#d, #l, #s")
                    .expressionAttributeNames(Map.of("#d", "dataset", "#l", "lease", "#s", "status"))).item();
            e = new RunState(str(item, "dataset"), str(item, "lease"), "SUCCEEDED".equals(str(item, "status")), now);
        }
        if (e.leaseKey() != null && !e.finished() && !lease.renew(e.leaseKey(), run)) {
            LOG.warn("run continues without its lease", Map.of("run", run, "lease", e.leaseKey(),
                    "holder", lease.current(e.leaseKey()).map(RunLease.Lease::holder).orElse("?")));
        }
        RunState checked = new RunState(e.dataset(), e.leaseKey(), e.finished(), now);
        synchronized (runs) {
            runs.put(run, checked);
        }
        return checked.dataset();
    }

    /**
     * Adds one successful invocation of {@code stage} and its duration to the run's job record ({@code <stage>Millis},
     * {@code <stage>Invocations}, atomic ADDs), which Finalize turns into the record's per-stage timings. A run
     * without a job record is left alone.
     */
    public void addStageTime(String run, String stage, long millis) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(JobStore.KEY, AttributeValue.fromS(run)))
                    .updateExpression("ADD #m :d, #n :one")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#m", stage + "Millis", "#n", stage + "Invocations",
                            "#k", JobStore.KEY))
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(Long.toString(millis)),
                            ":one", AttributeValue.fromN("1"))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException noRecord) {
            // a stage run outside a prepared run (tests, a hand-made input): nothing to add to
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null ? null : v.s();
    }
}
