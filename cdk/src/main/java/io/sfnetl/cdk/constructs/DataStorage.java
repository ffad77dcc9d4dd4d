package io.sfnetl.cdk.constructs;

import io.sfnetl.cdk.config.PipelineSettings.DatasetSettings;
import io.sfnetl.cdk.config.PipelineSettings.OperationsSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The data bucket (with its access-log bucket) and the DynamoDB tables: one per dataset and the jobs table.
 *
 * <p>Bucket layout (the contract with the functions): {@code incoming/} sources, {@code specs/} dataset specs,
 * {@code staging/<run>/...} stage parts, {@code rejects/<run>/...} rejected rows, {@code manifests/<run>/...} chunk
 * manifests, {@code results/<run>/...} the Map's ResultWriter output. Staging, manifests and results expire after
 * at least the 14-day redrive window; rejects expire too (they hold raw rows).
 *
 * <p>Grants are explicit statements with exact actions ({@link #grantRead}, {@link #grantWrite},
 * {@link #grantTable}); no {@code *} action is ever granted.
 */
public final class DataStorage extends Construct {

    /** The key prefixes of the data bucket. */
    public static final String INCOMING = "incoming/";
    public static final String SPECS = "specs/";
    public static final String STAGING = "staging/";
    public static final String REJECTS = "rejects/";
    public static final String MANIFESTS = "manifests/";
    public static final String RESULTS = "results/";

    /** The jobs table's partition key: the run id (string). */
    public static final String JOBS_PARTITION_KEY = "run";

    /**
     * @param namePrefix prefix of the deployed table names ({@code sfn-etl-dev-}), lower-case letters, digits, '-'
     * @param datasets the datasets, each getting a table named {@code namePrefix + table}
     * @param jobsTable the jobs table's logical name
     * @param operations expirations and deletion protection
     */
    public record Props(String namePrefix, List<DatasetSettings> datasets, String jobsTable,
                        OperationsSettings operations) {
        private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,40}-");

        public Props {
            Objects.requireNonNull(namePrefix, "namePrefix");
            Objects.requireNonNull(jobsTable, "jobsTable");
            Objects.requireNonNull(operations, "operations");
            if (!PREFIX.matcher(namePrefix).matches()) {
                throw new IllegalArgumentException("DataStorage namePrefix '" + namePrefix
                        + "' must be lower-case letters, digits and '-', ending with '-' (e.g. 'sfn-etl-dev-')");
            }
            if (datasets == null || datasets.isEmpty()) {
                throw new IllegalArgumentException("DataStorage needs at least one dataset (config/pipeline.json /datasets)");
            }
            datasets = List.copyOf(datasets);
        }
    }

    private final Bucket bucket;
    private final Bucket accessLogs;
    private final Map<String, Table> datasetTables = new LinkedHashMap<>();
    private final Table jobsTable;

    public DataStorage(Construct scope, String id, Props props) {
        super(scope, id);
        OperationsSettings ops = props.operations();

        // Object ownership is left to CDK: with cdk.json's serverAccessLogsUseBucketPolicy flag S3 log delivery is
        // granted by bucket policy (owner enforced), without it by the LogDeliveryWrite ACL (object writer).
        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        bucket = Bucket.Builder.create(this, "DataBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("data-bucket/")
                .lifecycleRules(List.of(
                        expire(STAGING, ops.stagingExpirationDays()),
                        expire(MANIFESTS, ops.manifestsExpirationDays()),
                        expire(RESULTS, ops.resultsExpirationDays()),
                        expire(REJECTS, ops.rejectsExpirationDays()),
                        LifecycleRule.builder().id("old-versions-and-uploads")
                                .noncurrentVersionExpiration(Duration.days(30))
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        RemovalPolicy dataRemoval = ops.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        for (DatasetSettings d : props.datasets()) {
            Table.Builder table = tableBuilder("Table-" + d.name(), props.namePrefix() + d.table(), d.partitionKey(),
                    ops.deletionProtection(), dataRemoval);
            d.sortKeyName().ifPresent(sk -> table.sortKey(Attribute.builder().name(sk).type(AttributeType.STRING).build()));
            datasetTables.put(d.name(), table.build());
        }
        jobsTable = tableBuilder("JobsTable", props.namePrefix() + props.jobsTable(), JOBS_PARTITION_KEY,
                ops.deletionProtection(), dataRemoval).build();
    }

    private static LifecycleRule expire(String prefix, int days) {
        return LifecycleRule.builder()
                .id("expire-" + prefix.replace("/", ""))
                .prefix(prefix)
                .expiration(Duration.days(days))
                .noncurrentVersionExpiration(Duration.days(1))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build();
    }

    private Table.Builder tableBuilder(String id, String name, String partitionKey, boolean protect, RemovalPolicy removal) {
        return Table.Builder.create(this, id)
                .tableName(name)
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(protect)
                .removalPolicy(removal);
    }

    public Bucket bucket() {
        return bucket;
    }

    public Bucket accessLogs() {
        return accessLogs;
    }

    /** Dataset name to its table, in configuration order. */
    public Map<String, Table> datasetTables() {
        return Map.copyOf(datasetTables);
    }

    public Table datasetTable(String dataset) {
        Table t = datasetTables.get(dataset);
        if (t == null) {
            throw new IllegalArgumentException("no table for dataset '" + dataset + "' (known: " + datasetTables.keySet() + ")");
        }
        return t;
    }

    public Table jobsTable() {
        return jobsTable;
    }

    /** The ARN of the objects under {@code prefix} ({@code arn:...:bucket/prefix*}). */
    public String objectsArn(String prefix) {
        return bucket.arnForObjects(prefix + "*");
    }

    /** {@code s3:GetObject} on the given prefixes ("" for the whole bucket) and {@code s3:ListBucket} limited to them. */
    public void grantRead(IGrantable grantee, List<String> prefixes) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                .resources(prefixes.stream().map(this::objectsArn).toList())
                .build());
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList())))
                .build());
    }

    /** {@code s3:PutObject} (and multipart abort) on the given prefixes. */
    public void grantWrite(IGrantable grantee, List<String> prefixes) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(prefixes.stream().map(this::objectsArn).toList())
                .build());
    }

    /** Exactly {@code actions} (e.g. {@code dynamodb:BatchWriteItem}) on {@code table}. */
    public static void grantTable(IGrantable grantee, Table table, List<String> actions) {
        if (actions.stream().anyMatch(a -> a.contains("*"))) {
            throw new IllegalArgumentException("wildcard actions are not granted: " + actions);
        }
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .build());
    }
}
