package io.sfnetl.cli;

import io.sfnetl.local.config.PipelineConfig;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.LocalServicesException;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.TwinState;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the ETL commands read job records and run files: the local twin's S3 and DynamoDB (default, data under
 * {@code .etl/} or {@code --data-dir}: the running twin's endpoints from its {@code twin.json}, else the services
 * started for the command) or, with {@code --aws}, the deployed stack's bucket and jobs table (standard
 * credential chain, {@code --region}, {@code --profile}; names from {@code --data-bucket}/{@code --jobs-table} or
 * the environment {@code ETL_DATA_BUCKET}/{@code ETL_JOBS_TABLE}, the stack's outputs). A picocli mixin.
 */
public final class JobsTarget {
    @Option(names = "--aws", description = "Read the deployed stack on AWS instead of the local twin.")
    boolean aws;

    @Option(names = "--region", description = "AWS region (with --aws; default: the SDK's region chain).")
    String region;

    @Option(names = "--profile", description = "AWS named profile (with --aws).")
    String profile;

    @Option(names = "--jobs-table", description = "Jobs table (with --aws; default: $ETL_JOBS_TABLE, the stack output JobsTableName).")
    String jobsTable;

    @Option(names = "--data-bucket", description = "Data bucket (with --aws; default: $ETL_DATA_BUCKET, the stack output DataBucketName).")
    String dataBucket;

    @Option(names = "--data-dir", description = "Where the twin keeps its data (default: .etl/ in the repository).")
    Path dataDir;

    /** The opened clients and names; close it to stop the twin's services. */
    public record Stores(S3Client s3, DynamoDbClient dynamo, String jobsTable, String bucket, LocalTwin twin,
                         String where) implements AutoCloseable {
        @Override
        public void close() {
            if (twin != null) {
                twin.close();
            } else {
                s3.close();
                dynamo.close();
            }
        }
    }

    /** The local data directory the twin uses. */
    Path localDataDir() {
        return dataDir != null ? dataDir.toAbsolutePath() : Home.dir().resolve(".etl");
    }

    Stores open() {
        if (aws) {
            String table = firstOf(jobsTable, System.getenv("ETL_JOBS_TABLE"));
            String bucket = firstOf(dataBucket, System.getenv("ETL_DATA_BUCKET"));
            if (table == null || bucket == null) {
                throw new ExitCodes.UserError("--aws needs the stack's jobs table and data bucket: pass --jobs-table "
                        + "and --data-bucket (the stack outputs JobsTableName and DataBucketName) or set "
                        + "ETL_JOBS_TABLE and ETL_DATA_BUCKET");
            }
            var credentials = profile != null ? ProfileCredentialsProvider.create(profile)
                    : DefaultCredentialsProvider.builder().build();
            var s3 = S3Client.builder().credentialsProvider(credentials);
            var dynamo = DynamoDbClient.builder().credentialsProvider(credentials);
            if (region != null) {
                s3.region(Region.of(region));
                dynamo.region(Region.of(region));
            }
            return new Stores(s3.build(), dynamo.build(), table, bucket, null, "AWS");
        }
        Path home = Home.dir();
        Optional<TwinState> running = TwinState.find(localDataDir());
        if (running.isPresent()) {
            // A twin (etl local up) owns the data directory: talk to its S3 and DynamoDB.
            TwinState t = running.get();
            String table = PipelineConfig.load(home.resolve("config/pipeline.json")).jobsTable();
            return new Stores(LocalServices.s3Client(t.s3()), LocalServices.dynamoDbClient(t.dynamoDb()), table,
                    t.dataBucket(), null, "the running local twin");
        }
        LocalTwin twin;
        try {
            twin = LocalTwin.start(new LocalTwin.Options(home, localDataDir(), 1.0));
        } catch (LocalServicesException e) {
            throw new ExitCodes.UserError(e.getMessage());
        }
        return new Stores(twin.services().s3Client(), twin.services().dynamoDbClient(), twin.etlConfig().jobsTable(),
                LocalTwin.DATA_BUCKET, twin, "the local twin");
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
