package io.sfnetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.lambda.FinalizeHandler;
import io.sfnetl.etl.lambda.LoadHandler;
import io.sfnetl.etl.lambda.PrepareHandler;
import io.sfnetl.etl.lambda.TransformHandler;
import io.sfnetl.etl.lambda.ValidateHandler;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.local.services.LocalServices;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 2's Lambda numbers: the shaded jar's size and, per handler, the time from a fresh JVM to its first response
 * ({@link ColdStartProbe} in a child JVM with only the shaded jar on its class path, against DynamoDB Local and the S3
 * server in this process, on the orders sample). Modes: the default JVM, {@code -XX:TieredStopAtLevel=1} (C1 only,
 * a common Lambda setting), and an application class-data-sharing archive trained by one earlier run (a local proxy
 * for what SnapStart saves). Usage: {@code bench/run cold [--runs N]}.
 */
public final class ColdStartBench {
    static final Path JAR = Path.of("lambdas/target/sfn-etl-lambdas-0.1.0-SNAPSHOT-aws.jar");
    static final Path BENCH_JAR = Path.of("bench/target/sfn-etl-bench-0.1.0-SNAPSHOT.jar");

    public static void main(String[] args) throws Exception {
        int runs = (int) EtlBench.longArg(args, "--runs", 3);
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build with mvn -pl bench -am package (bench/run does)");
        }
        System.out.printf(Locale.ROOT, "shaded Lambda jar: %s, %.1f MiB (%,d bytes)%n", JAR, Files.size(JAR) / 1048576.0,
                Files.size(JAR));
        Path work = Files.createTempDirectory("sfnetl-cold");
        try (LocalServices services = LocalServices.start(LocalServices.Options.inMemory())) {
            Map<String, Path> payloads = payloads(services, work);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_ENDPOINT_URL_S3", services.s3Endpoint().toString());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString());
            env.put("AWS_REGION", "us-east-1");
            env.put("ETL_DATA_BUCKET", "data");
            env.put("ETL_JOBS_TABLE", "etl-jobs");
            env.put("ETL_DATASET_TABLES", "orders=orders");
            System.out.printf(Locale.ROOT, "%-34s %-10s %8s %8s %8s %8s %8s   (ms; median of %d fresh JVMs)%n", "handler",
                    "mode", "jvm", "init", "first", "total", "warm", runs);
            for (Map.Entry<String, Path> p : payloads.entrySet()) {
                Path jsa = work.resolve(p.getKey() + ".jsa");
                // the CDS archive is written at the exit of a training run, then mapped by the measured runs
                probe(p.getKey(), p.getValue(), env, List.of("-XX:SharedArchiveFile=" + jsa, "-XX:+AutoCreateSharedArchive"));
                report(p.getKey(), "default", p.getValue(), env, List.of(), runs);
                report(p.getKey(), "C1", p.getValue(), env, List.of("-XX:TieredStopAtLevel=1"), runs);
                report(p.getKey(), "AppCDS+C1", p.getValue(), env, List.of("-XX:SharedArchiveFile=" + jsa,
                        "-XX:+AutoCreateSharedArchive", "-XX:TieredStopAtLevel=1"), runs);
            }
        }
    }

    private static void report(String handler, String mode, Path payload, Map<String, String> env, List<String> opts,
                               int runs) throws Exception {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(probe(handler, payload, env, opts));
        }
        long[] m = new long[5];
        for (int k = 0; k < 5; k++) {
            int kk = k;
            m[k] = all.stream().mapToLong(a -> a[kk]).sorted().toArray()[runs / 2];
        }
        System.out.printf(Locale.ROOT, "%-34s %-10s %8d %8d %8d %8d %8d%n", handler.substring(handler.lastIndexOf('.') + 1),
                mode, m[0], m[1], m[2], m[3], m[4]);
    }

    /** @return {jvm start to main, handler init, first invocation, wall time from spawn to first response, warm} */
    private static long[] probe(String handler, Path payload, Map<String, String> env, List<String> opts)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Xshare:auto");
        cmd.addAll(opts);
        cmd.add("-cp");
        cmd.add(JAR + File.pathSeparator + BENCH_JAR);
        cmd.add(ColdStartProbe.class.getName());
        cmd.add(handler);
        cmd.add(payload.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String line;
        String found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("probe ")) {
                    found = line;
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || found == null) {
            throw new IllegalStateException("cold start probe of " + handler + " failed (exit " + rc + "):\n" + output);
        }
        Map<String, Long> v = new LinkedHashMap<>();
        for (String kv : found.substring(6).split(" ")) {
            String[] a = kv.split("=");
            v.put(a[0], Long.parseLong(a[1]));
        }
        long total = v.get("jvm") + v.get("init") + v.get("first");
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new long[] {v.get("jvm"), v.get("init"), v.get("first"), Math.min(total, wall), v.get("second")};
    }

    /** Runs the sample once through the handlers in this JVM and keeps each handler's input. */
    private static Map<String, Path> payloads(LocalServices services, Path work) throws Exception {
        S3Client s3 = services.s3Client();
        DynamoDbClient dynamo = services.dynamoDbClient();
        s3.createBucket(r -> r.bucket("data"));
        table(dynamo, "orders", "order_id");
        table(dynamo, "etl-jobs", "run");
        s3.putObject(r -> r.bucket("data").key("specs/orders.spec.json"),
                RequestBody.fromFile(Path.of("samples/orders/orders.spec.json")));
        s3.putObject(r -> r.bucket("data").key("incoming/orders.csv"), RequestBody.fromFile(Path.of("samples/orders/orders.csv")));
        EtlConfig config = EtlConfig.of("data", "etl-jobs").withDatasetTables(Map.of("orders", "orders"));
        Map<String, Object> prepareIn = new LinkedHashMap<>();
        prepareIn.put("runId", "cold");
        prepareIn.put("dataset", "s3://data/specs/orders.spec.json");
        prepareIn.put("source", "s3://data/incoming/orders.csv");
        prepareIn.put("maxRejectPercent", 10);
        Map<String, Object> prepared = new PrepareHandler(s3, dynamo, config).handleRequest(prepareIn, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>) prepared.get("manifest");
        JsonNode items = Json.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket((String) manifest.get("bucket"))
                .key((String) manifest.get("key"))).asByteArray());
        Map<String, Object> validateIn = map(items.get(0));
        Map<String, Object> validated = new ValidateHandler(s3, dynamo, config).handleRequest(validateIn, null);
        Map<String, Object> transformIn = next(items.get(0), validated);
        Map<String, Object> transformed = new TransformHandler(s3, dynamo, config).handleRequest(transformIn, null);
        Map<String, Object> loadIn = next(items.get(0), transformed);
        Map<String, Object> loaded = new LoadHandler(s3, dynamo, config).handleRequest(loadIn, null);
        Map<String, Object> finalizeIn = Map.of("run", "cold", "results", List.of(loaded));
        new FinalizeHandler(s3, dynamo, config).handleRequest(finalizeIn, null);
        Map<String, Object> event = Json.MAPPER.readValue("""
                {"version":"0","id":"e1","detail-type":"Step Functions Execution Status Change","source":"aws.states",
                 "time":"2026-11-24T12:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:etl:cold",
                   "stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:etl","name":"cold",
                   "status":"FAILED","startDate":1764000000000,"stopDate":1764000060000,
                   "input":"{\\"runId\\":\\"cold\\",\\"dataset\\":\\"s3://data/specs/orders.spec.json\\"}","output":null,
                   "error":"io.sfnetl.etl.errors.SourceNotFound","cause":"{\\"errorMessage\\":\\"gone\\"}"}}
                """, Map.class);
        Map<String, Object> prepareProbe = new LinkedHashMap<>(prepareIn);
        prepareProbe.put("runId", "cold-probe");
        Map<String, Path> out = new LinkedHashMap<>();
        out.put(PrepareHandler.class.getName(), write(work, "prepare", prepareProbe));
        out.put(ValidateHandler.class.getName(), write(work, "validate", validateIn));
        out.put(TransformHandler.class.getName(), write(work, "transform", transformIn));
        out.put(LoadHandler.class.getName(), write(work, "load", loadIn));
        out.put(FinalizeHandler.class.getName(), write(work, "finalize", finalizeIn));
        out.put("io.sfnetl.etl.lambda.MarkJobFailedHandler", write(work, "markjobfailed", event));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        return Json.MAPPER.convertValue(n, LinkedHashMap.class);
    }

    private static Map<String, Object> next(JsonNode item, Map<String, Object> previous) {
        Map<String, Object> in = map(item);
        in.put("read", previous.get("written"));
        in.put("counts", previous.get("counts"));
        in.put("rejected", previous.get("rejected"));
        return in;
    }

    private static Path write(Path dir, String name, Object payload) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, Json.MAPPER.writeValueAsString(payload));
        return f;
    }

    private static void table(DynamoDbClient dynamo, String name, String key) {
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH)));
    }
}
