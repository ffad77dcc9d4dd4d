package io.sfnetl.etl.job;

import io.sfnetl.etl.errors.RunInProgress;
import io.sfnetl.etl.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One run per (dataset, source) at a time: a lease item in the jobs table, partition key
 * {@value #KEY_PREFIX}{@code <dataset>#<source>} (the jobs table has one key, {@code run}; a lease is an item of kind
 * {@code lease} beside the job records). Every write is conditional, so two Prepares racing for the same dataset and
 * source cannot both win:
 *
 * <ul>
 *   <li>{@link #acquire}: succeeds when no lease exists, the caller already holds it (a Prepare continuation, a
 *       retried Prepare, a redriven run) or the holder's lease has expired (a crashed run); otherwise throws
 *       {@link RunInProgress} naming the holder run, since when it holds it and when the lease expires.</li>
 *   <li>{@link #renew}: a live run pushes the expiry forward (the stages call it through {@link RunHeartbeat}); it
 *       re-takes a free or expired lease, never one another run holds.</li>
 *   <li>{@link #release}: Finalize and MarkJobFailed delete the lease, only if the run still holds it.</li>
 * </ul>
 *
 * Backfills of different days have different sources and so different leases. Thread-safe.
 */
public final class RunLease {
    /** Partition key prefix of lease items in the jobs table. */
    public static final String KEY_PREFIX = "lease#";
    /** The {@code kind} attribute of lease items (job records have none). */
    public static final String KIND = "lease";
    /** Lease length unless {@code ETL_LEASE_SECONDS} says otherwise: longer than a stage's 15 minutes. */
    public static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    public static final String ENV_LEASE_SECONDS = "ETL_LEASE_SECONDS";

    /** Free, already ours, or expired. Every name is a placeholder (DynamoDB reserves many common words). */
    private static final String CONDITION = "attribute_not_exists(#k) OR #holder = :me OR #exp < :now";
    private static final Map<String, String> CONDITION_NAMES = Map.of("#k", JobStore.KEY, "#holder", "holder",
            "#exp", "expiresAt");
    private static final Map<String, String> NAMES = Map.of("#k", JobStore.KEY, "#holder", "holder",
            "#exp", "expiresAt", "#kind", "kind", "#acq", "acquiredAt");
    private static final JsonLog LOG = JsonLog.get(RunLease.class);
    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration duration;
    private final Clock clock;

    /**
     * A lease held by a run.
     *
     * @param key the lease item's partition key
     * @param dataset logical dataset name
     * @param source the source URI of the execution input
     * @param holder the run holding it
     * @param acquiredAt when the holder took it
     * @param expiresAt when it lapses unless renewed
     */
    public record Lease(String key, String dataset, String source, String holder, Instant acquiredAt,
                        Instant expiresAt) {
    }

    public RunLease(DynamoDbClient dynamo, String table, Duration duration, Clock clock) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease duration must be positive, was " + duration);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.duration = duration;
        this.clock = clock;
    }

    /** A lease of {@code ETL_LEASE_SECONDS} (default {@link #DEFAULT_DURATION}) on the system clock. */
    public static RunLease fromEnv(DynamoDbClient dynamo, String table) {
        return new RunLease(dynamo, table, durationFromEnv(System.getenv(ENV_LEASE_SECONDS)), Clock.systemUTC());
    }

    static Duration durationFromEnv(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DURATION;
        }
        try {
            long s = Long.parseLong(value.trim());
            if (s > 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(ENV_LEASE_SECONDS + "='" + value + "' is not a positive number of seconds;"
                + " set it to e.g. 3600 or unset it for the default (" + DEFAULT_DURATION.toSeconds() + ")");
    }

    public Duration duration() {
        return duration;
    }

    /** The lease item's key for a dataset and source. */
    public static String key(String dataset, String source) {
        return KEY_PREFIX + dataset + "#" + source;
    }

    /**
     * Takes (or keeps) the lease of {@code (dataset, source)} for {@code run}.
     *
     * @throws RunInProgress when another run holds an unexpired lease; the message names it
     */
    public Lease acquire(String dataset, String source, String run) {
        String key = key(dataset, source);
        Instant now = clock.instant();
        Instant expires = now.plus(duration);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JobStore.KEY, AttributeValue.fromS(key));
        item.put("kind", AttributeValue.fromS(KIND));
        item.put("dataset", AttributeValue.fromS(dataset));
        item.put("source", AttributeValue.fromS(source));
        item.put("holder", AttributeValue.fromS(run));
        item.put("acquiredAt", AttributeValue.fromS(now.toString()));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(expires.getEpochSecond())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(CONDITION).expressionAttributeNames(CONDITION_NAMES)
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(run),
                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
        } catch (ConditionalCheckFailedException e) {
            Lease held = current(key).orElse(null);
            String who = held == null ? "another run (its lease was released just now; start again)"
                    : "run '" + held.holder() + "' (since " + held.acquiredAt() + ", lease expires " + held.expiresAt()
                    + " unless that run renews it)";
            throw new RunInProgress("Run '" + run + "' cannot start: dataset '" + dataset + "' from source '" + source
                    + "' is being processed by " + who + ". Wait for that run to finish, or stop it (MarkJobFailed "
                    + "then releases the lease); a crashed run's lease lapses at its expiry. Runs of other sources "
                    + "(e.g. another day's backfill) are not blocked.", e);
        }
        LOG.info("lease acquired", Map.of("run", run, "dataset", dataset, "source", source,
                "expiresAt", expires.toString()));
        return new Lease(key, dataset, source, run, now, expires);
    }

    /**
     * Pushes the expiry of {@code run}'s lease forward; re-takes the lease when it is free or expired.
     *
     * @return false when another run holds the lease (the caller goes on without it and says so)
     */
    public boolean renew(String key, String run) {
        Instant now = clock.instant();
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(JobStore.KEY, AttributeValue.fromS(key)))
                    .updateExpression("SET #exp = :exp, #holder = :me, #kind = :kind, "
                            + "#acq = if_not_exists(#acq, :nowIso)")
                    .conditionExpression(CONDITION).expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(run),
                            ":kind", AttributeValue.fromS(KIND),
                            ":nowIso", AttributeValue.fromS(now.toString()),
                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                            ":exp", AttributeValue.fromN(Long.toString(now.plus(duration).getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Deletes the lease if {@code run} holds it; a lease another run took meanwhile stays.
     *
     * @return whether a lease was deleted
     */
    public boolean release(String key, String run) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(Map.of(JobStore.KEY, AttributeValue.fromS(key)))
                    .conditionExpression("#holder = :me")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(run))));
            LOG.info("lease released", Map.of("run", run, "lease", key));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The lease item under {@code key}, expired or not. */
    public Optional<Lease> current(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(JobStore.KEY, AttributeValue.fromS(key))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("holder")) {
            return Optional.empty();
        }
        return Optional.of(new Lease(key, s(item, "dataset"), s(item, "source"), s(item, "holder"),
                item.containsKey("acquiredAt") ? Instant.parse(s(item, "acquiredAt")) : null,
                item.containsKey("expiresAt") ? Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n()))
                        : null));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
