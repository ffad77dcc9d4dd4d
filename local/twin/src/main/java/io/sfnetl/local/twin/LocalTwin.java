package io.sfnetl.local.twin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.config.RunConfig;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.local.config.PipelineConfig;
import io.sfnetl.local.lambda.LambdaRunner;
import io.sfnetl.local.services.LocalServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The local twin of the stack: the embedded S3 and DynamoDB, the data bucket and the tables the CDK stack
 * would create (from {@code config/pipeline.json} and the dataset specs), and the ETL functions registered with
 * an in-process {@link LambdaRunner} using the memory and timeouts of the same configuration.
 */
public final class LocalTwin implements AutoCloseable {
    /** The data bucket's name in the twin (the stack names its own). */
    private PrintStream functionLogs;

    public static final String DATA_BUCKET = "sfn-etl-data";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    /**
     * @param home the repository root (config/pipeline.json, specs)
     * @param dataDir where S3 and DynamoDB keep their data; null for in-memory
     * @param lambdaTimeoutScale multiplies every function timeout (and the stages' safety margin), so that the
     *     15-minute logic can be exercised in seconds; 1 is AWS's behaviour
     */
    public record Options(Path home, Path dataDir, double lambdaTimeoutScale, Isolation isolation) {
        public Options {
            if (!(lambdaTimeoutScale > 0)) {
                throw new IllegalArgumentException("--lambda-timeout-scale must be > 0, got " + lambdaTimeoutScale);
            }
            java.util.Objects.requireNonNull(isolation);
        }

        /** Functions in-process (the default isolation). */
        public Options(Path home, Path dataDir, double lambdaTimeoutScale) {
            this(home, dataDir, lambdaTimeoutScale, Isolation.IN_PROCESS);
        }
    }

    /**
     * How functions run: {@code IN_PROCESS} (default: handler instances in the twin's JVM, a timed-out handler is
     * interrupted) or {@code PROCESS} (each container its own JVM with {@code -Xmx} from the function's memory size and
     * its configuration from the environment, as on AWS; a timed-out container is killed). See docs/durability.md.
     */
    public enum Isolation {
        IN_PROCESS, PROCESS
    }

    private final Options options;
    private final PipelineConfig pipeline;
    private final LocalServices services;
    private final LambdaRunner lambdas;
    private final EtlConfig etlConfig;
    private final ObjectMapper mapper = new ObjectMapper();

    private LocalTwin(Options options, PipelineConfig pipeline, LocalServices services) {
        this.options = options;
        this.pipeline = pipeline;
        this.services = services;
        this.lambdas = new LambdaRunner(mapper, REGION, ACCOUNT);
        Map<String, String> tables = new LinkedHashMap<>();
        pipeline.datasets().forEach((name, d) -> tables.put(name, d.table()));
        JsonNode d = pipeline.runDefaults();
        RunConfig defaults = new RunConfig(d.path("chunkBytes").asLong(RunConfig.PIPELINE_DEFAULTS.chunkBytes()),
                d.path("maxConcurrency").asInt(RunConfig.PIPELINE_DEFAULTS.maxConcurrency()),
                d.path("toleratedFailurePercentage").asDouble(RunConfig.PIPELINE_DEFAULTS.toleratedFailurePercentage()),
                d.path("maxRejectPercent").asDouble(RunConfig.PIPELINE_DEFAULTS.maxRejectPercent()),
                taskTimeouts(pipeline, options.lambdaTimeoutScale()));
        long margin = safetyMargin(d.path("safetyMarginMillis").asLong(EtlConfig.DEFAULT_SAFETY_MARGIN_MILLIS),
                options.lambdaTimeoutScale(), pipeline);
        this.etlConfig = EtlConfig.of(DATA_BUCKET, pipeline.jobsTable()).withDatasetTables(tables)
                .withDefaults(defaults).withSafetyMarginMillis(margin);
    }

    /**
     * The stages' safety margin under a timeout scale. Scaled like the timeouts, but never below one second (or a third
     * of the shortest scaled stage timeout, if that is less): the margin must still cover the longest single step a
     * stage takes before it can return (flushing a part, the last BatchWriteItem calls), and those do not shrink.
     */
    static long safetyMargin(long marginMillis, double scale, PipelineConfig pipeline) {
        long scaled = (long) (marginMillis * scale);
        if (scale >= 1) {
            return scaled;
        }
        long shortest = pipeline.functions().values().stream()
                .filter(f -> List.of("Validate", "Transform", "Load").contains(f.name()))
                .mapToLong(f -> (long) (f.timeoutSeconds() * 1000L * scale)).min().orElse(marginMillis);
        return Math.max(scaled, Math.min(1000, shortest / 3));
    }

    /** Each stage's Task timeout, a little above its function's (scaled) timeout, as the CDK stack sets it. */
    static Map<String, Integer> taskTimeouts(PipelineConfig pipeline, double scale) {
        Map<String, Integer> out = new LinkedHashMap<>();
        pipeline.functions().forEach((name, f) -> out.put(name.toLowerCase(java.util.Locale.ROOT),
                RunConfig.taskTimeoutFor((int) Math.max(1, Math.ceil(f.timeoutSeconds() * scale)))));
        return out;
    }

    /** Starts the services, creates the bucket and tables if missing, registers the functions. */
    public static LocalTwin start(Options options) {
        PipelineConfig pipeline = PipelineConfig.load(options.home().resolve("config/pipeline.json"));
        LocalServices services = LocalServices.start(new LocalServices.Options(options.dataDir(), true));
        LocalTwin twin = new LocalTwin(options, pipeline, services);
        try {
            twin.functionLogs = openFunctionLog(options.dataDir());
            twin.provision();
            twin.registerFunctions();
        } catch (RuntimeException e) {
            twin.close();
            throw e;
        }
        return twin;
    }

    private void provision() {
        S3Client s3 = services.s3Client();
        try {
            s3.createBucket(b -> b.bucket(DATA_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // kept from an earlier run under .etl/
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
        createTable(pipeline.jobsTable(), "run", null);
        for (PipelineConfig.Dataset dataset : pipeline.datasets().values()) {
            DatasetSpec spec = readSpec(options.home().resolve(dataset.spec()));
            createTable(dataset.table(), spec.target().partitionKey().name(),
                    spec.target().sortKey() == null ? null : spec.target().sortKey().name());
        }
    }

    /** Creates a table as the stack would (on-demand, string keys); a table that exists is kept. */
    public void createTable(String table, String partitionKey, String sortKey) {
        DynamoDbClient dynamo = services.dynamoDbClient();
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build());
        }
        try {
            dynamo.createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            // exists already
        }
    }

    private void registerFunctions() {
        for (PipelineConfig.Function f : pipeline.functions().values()) {
            long timeoutMillis = Math.max(1, (long) (f.timeoutSeconds() * 1000L * options.lambdaTimeoutScale()));
            if (options.isolation() == Isolation.PROCESS) {
                lambdas.register(new io.sfnetl.local.lambda.ProcessFunction(f.name(), f.handlerClass(), f.memoryMb(),
                        timeoutMillis, FunctionEnvironment.of(services, etlConfig, REGION), List.of(),
                        functionLogFile()));
            } else {
                lambdas.register(new LambdaRunner.LocalFunction(f.name(), f.memoryMb(), timeoutMillis, instantiate(f)));
            }
        }
    }

    private RequestHandler<?, ?> instantiate(PipelineConfig.Function f) {
        try {
            Class<?> type = Class.forName(f.handlerClass());
            Constructor<?> c = type.getConstructor(S3Client.class, DynamoDbClient.class, EtlConfig.class);
            return (RequestHandler<?, ?>) c.newInstance(services.s3Client(), services.dynamoDbClient(), etlConfig);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create handler " + f.handler() + " of function " + f.name()
                    + " from config/pipeline.json: it needs a public constructor (S3Client, DynamoDbClient, EtlConfig) ("
                    + e + ")", e);
        }
    }

    /** Parses a spec file with the same parser Prepare uses; an invalid spec fails with every problem. */
    public static DatasetSpec readSpec(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SpecParser.parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read dataset spec " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads a local file, or every file under a local directory, to the data bucket under {@code prefix}.
     *
     * @return the S3 URI of the object (file) or of the prefix (directory)
     */
    public String upload(Path local, String prefix) {
        return upload(services.s3Client(), DATA_BUCKET, local, prefix);
    }

    /** {@link #upload(Path, String)} to any bucket through any client (a running twin's S3, or AWS). */
    public static String upload(S3Client s3, String bucket, Path local, String prefix) {
        try {
            if (Files.isDirectory(local)) {
                try (Stream<Path> files = Files.walk(local)) {
                    for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                        String key = prefix + "/" + local.relativize(p).toString().replace('\\', '/');
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(p));
                    }
                }
                return "s3://" + bucket + "/" + prefix + "/";
            }
            String key = prefix + "/" + local.getFileName();
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(local));
            return "s3://" + bucket + "/" + key;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot upload " + local + ": " + e.getMessage(), e);
        }
    }

    /** A text file's content; a missing or unreadable file is an IllegalArgumentException naming it. */
    public static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The substitutions the CDK stack gives {@code statemachine/etl.asl.json}, for the twin's functions. */
    public Map<String, String> substitutions() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String name : pipeline.functions().keySet()) {
            s.put(name + "FunctionArn", lambdas.arnOf(name));
        }
        s.put("DataBucket", DATA_BUCKET);
        return s;
    }

    public PipelineConfig pipeline() {
        return pipeline;
    }

    public LocalServices services() {
        return services;
    }

    public LambdaRunner lambdas() {
        return lambdas;
    }

    public EtlConfig etlConfig() {
        return etlConfig;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The functions' structured logs go where CloudWatch Logs would keep them: {@code <data-dir>/logs/functions.log}
     * (appended, one JSON object per line), never on stdout, which carries the command's result. In memory
     * ({@code --ephemeral}) they are dropped unless {@link #logFunctionsTo} sends them somewhere.
     */
    private static PrintStream openFunctionLog(Path dataDir) {
        if (dataDir == null) {
            PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
            JsonLog.setOutput(nowhere);
            return nowhere;
        }
        try {
            Path file = dataDir.resolve("logs/functions.log");
            Files.createDirectories(file.getParent());
            PrintStream stream = new PrintStream(Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND), true, java.nio.charset.StandardCharsets.UTF_8);
            JsonLog.setOutput(stream);
            return stream;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the function log under " + dataDir
                    + ": check that the directory is writable, or use --ephemeral", e);
        }
    }

    /** Sends the functions' log lines to {@code stream} instead (e.g. stderr for {@code --verbose}). */
    public void logFunctionsTo(PrintStream stream) {
        JsonLog.setOutput(stream);
    }

    /**
     * Where the engine journals executions so that they survive a crash ({@code <data-dir>/journal}, see
     * docs/durability.md), or null when the twin keeps nothing on disk.
     */
    public Path journalDir() {
        return options.dataDir() == null ? null : options.dataDir().resolve("journal");
    }

    /** The function log file, or null when the twin keeps nothing on disk. */
    public Path functionLogFile() {
        return options.dataDir() == null ? null : options.dataDir().resolve("logs/functions.log");
    }

    @Override
    public void close() {
        lambdas.close();
        services.close();
        JsonLog.setOutput(System.out);
        if (functionLogs != null) {
            functionLogs.close();
        }
    }
}
