package io.sfnetl.local.console;

import io.sfnetl.local.schedule.ExecutionStarter;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the console's read-only ETL endpoint ({@link ConsoleApi}) reads from: the twin's stores, through the same
 * classes that {@code etl job}, {@code etl schedule} and the lambdas use.
 *
 * @param s3 the twin's S3 (reject files)
 * @param dynamo the twin's DynamoDB (the jobs table)
 * @param bucket the data bucket
 * @param jobsTable the jobs table
 * @param functionLog {@code <data-dir>/logs/functions.log} (the functions' EMF lines), or null when the twin keeps
 *     nothing on disk
 * @param home the repository root ({@code config/pipeline.json}: the schedule)
 * @param dataDir the twin's data directory (the scheduler's state), or null in memory
 * @param executions the ETL state machine's executions (past scheduled runs), or null to leave them out
 */
public record ConsoleData(S3Client s3, DynamoDbClient dynamo, String bucket, String jobsTable, Path functionLog,
                          Path home, Path dataDir, ExecutionStarter executions) {
    public ConsoleData {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(jobsTable, "jobsTable");
        Objects.requireNonNull(home, "home");
    }
}
