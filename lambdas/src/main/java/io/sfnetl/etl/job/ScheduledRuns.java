package io.sfnetl.etl.job;

import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.RunInProgress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Scheduled runs (ARCHITECTURE "Scheduled runs"): EventBridge Scheduler can only insert the scheduled time into the
 * input, so Prepare derives the partition from it, and a scheduled time runs once per dataset.
 *
 * <ul>
 *   <li><b>Partition.</b> A scheduled run whose {@code source} is a prefix (ends with {@code /}) reads the
 *       partition of the day before the scheduled time in the schedule's time zone: {@code <source>YYYY-MM-DD/}
 *       (a run at 2026-11-23T05:00 Europe/London reads {@code incoming/orders/2026-11-22/}). A source that is
 *       already a dated partition or one object is used as given.</li>
 *   <li><b>Once per (dataset, scheduledTime).</b> A claim item {@code schedule#<dataset>#<scheduledTime>} in the
 *       jobs table names the run that owns the time, written with a conditional put. Another run for the same time
 *       (EventBridge delivers at least once; a backfill run twice) fails with {@link RunInProgress} naming the
 *       owner, unless the owner ended FAILED (then the new run takes the claim over: a retry). The owner itself
 *       (Prepare retried, redriven) passes.</li>
 * </ul>
 * The zone is {@code ETL_SCHEDULE_TIME_ZONE} (set by the stack; the twin sets the system property
 * {@code etl.schedule.timeZone}), UTC when neither is set.
 */
public final class ScheduledRuns {
    private static final Set<String> HOLDING = Set.of("RUNNING", "SUCCEEDED");
    private final DynamoDbClient dynamo;
    private final String table;
    private final ZoneId zone;

    public ScheduledRuns(DynamoDbClient dynamo, String table, ZoneId zone) {
        this.dynamo = dynamo;
        this.table = table;
        this.zone = zone;
    }

    /** The schedule's zone from the system property or environment, else UTC. */
    public static ZoneId zoneFromEnvironment(Map<String, String> env) {
        String z = System.getProperty("etl.schedule.timeZone", env.get("ETL_SCHEDULE_TIME_ZONE"));
        try {
            return z == null || z.isBlank() ? ZoneId.of("UTC") : ZoneId.of(z);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInput("ETL_SCHEDULE_TIME_ZONE '" + z + "' is not a time zone; use an IANA name like "
                    + "Europe/London (config/pipeline.json schedule.timeZone)", e);
        }
    }

    /** The source a scheduled run reads: a prefix gets yesterday's partition, in the schedule's zone. */
    public String source(String source, String scheduledTime) {
        if (scheduledTime == null || !source.endsWith("/") || source.matches(".*/\\d{4}-\\d{2}-\\d{2}/$")) {
            return source;
        }
        return source + partition(scheduledTime) + "/";
    }

    /** The day before the scheduled time, in the schedule's zone, as YYYY-MM-DD. */
    public String partition(String scheduledTime) {
        return instant(scheduledTime).atZone(zone).toLocalDate().minusDays(1).toString();
    }

    /** Claims the scheduled time for {@code run}, or fails with {@link RunInProgress} naming the run that has it. */
    public void claim(String dataset, String scheduledTime, String run) {
        String key = "schedule#" + dataset + "#" + instant(scheduledTime);
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, AttributeValue> claim = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(JobStore.KEY, AttributeValue.fromS(key)))).item();
            String owner = claim == null || claim.isEmpty() ? null : claim.get("owner").s();
            if (run.equals(owner)) {
                return;
            }
            if (owner != null) {
                Map<String, AttributeValue> job = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of(JobStore.KEY, AttributeValue.fromS(owner)))).item();
                String status = job == null || !job.containsKey("status") ? "RUNNING" : job.get("status").s();
                if (HOLDING.contains(status)) {
                    throw new RunInProgress("Dataset '" + dataset + "' already has run '" + owner + "' (" + status
                            + ") for scheduled time " + scheduledTime + "; a scheduled time runs once. To load that "
                            + "day again, start a run without scheduledTime, or redrive '" + owner + "' if it failed");
                }
            }
            try {
                var put = software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder().tableName(table)
                        .item(Map.of(JobStore.KEY, AttributeValue.fromS(key), "owner", AttributeValue.fromS(run),
                                "dataset", AttributeValue.fromS(dataset),
                                "scheduledTime", AttributeValue.fromS(scheduledTime),
                                "claimedAt", AttributeValue.fromS(Instant.now().toString())));
                if (owner == null) {
                    put.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", JobStore.KEY));
                } else {
                    put.conditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                            .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner)));
                }
                dynamo.putItem(put.build());
                return;
            } catch (ConditionalCheckFailedException raced) {
                // another run claimed it between our read and write: look again
            }
        }
        throw new RunInProgress("Scheduled time " + scheduledTime + " of dataset '" + dataset + "' is being claimed by"
                + " several runs at once; retry in a moment");
    }

    private static Instant instant(String scheduledTime) {
        try {
            return Instant.parse(scheduledTime);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("scheduledTime '" + scheduledTime + "' is not an ISO-8601 instant like "
                    + "2026-11-23T05:00:00Z (EventBridge Scheduler's <aws.scheduler.scheduled-time>)", e);
        }
    }

}
