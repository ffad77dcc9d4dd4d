package io.sfnetl.local.workflow;

import static io.sfnetl.local.workflow.WorkflowHarness.BUCKET;
import static io.sfnetl.local.workflow.WorkflowHarness.JSON;
import static io.sfnetl.local.workflow.WorkflowHarness.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.etl.lambda.LoadHandler;
import io.sfnetl.etl.lambda.TransformHandler;
import io.sfnetl.etl.lambda.ValidateHandler;
import io.sfnetl.local.lambda.Chaos;
import io.sfnetl.local.lambda.LambdaRunner;
import io.sfnetl.local.workflow.WorkflowHarness.Run;
import io.sfnetl.samples.OrdersGenerator;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The issue's end-to-end proof on the twin, with the real handlers, S3 and in-memory DynamoDB Local: 50,000 generated
 * order rows with unique keys and 1% bad rows, split over 3 objects under one prefix (the last gzipped), with the
 * stages' time so short that every stage stops early and continues with its cursor. The table must then hold exactly
 * the valid rows, the rejects exactly the bad rows (each with its line and reasons), and the job record must
 * reconcile. Which rows are bad is decided here from the generated text, independently of the pipeline's validator.
 */
@Tag("slow")
class EtlEndToEndIT {
    static final int ROWS = 50_000;
    /** Prepare, Finalize and MarkJobFailed at 1/100 of their timeouts (9 s, 3 s, 0.6 s). */
    static final double SCALE = 0.01;
    /**
     * Validate and Transform get ~50 ms of work per call, Load ~1 s (its rows cost far more), and at most
     * {@link #STAGE_RECORDS} records ({@link RecordBudget}): a chunk of ~16,700 rows needs several calls of every
     * stage however fast the machine is (an idle 2-core machine validates and stages such a chunk in ~40 ms, so time
     * alone no longer forced Validate to continue). The 2 s safety margin covers the longest single step (flushing a
     * part, a round of BatchWriteItem) on a busy machine, as the 60 s margin does on AWS.
     */
    static final long STAGE_MARGIN_MILLIS = 2_000;
    static final Map<String, Long> STAGE_WORK_MILLIS = Map.of("Validate", 50L, "Transform", 50L, "Load", 1_000L);
    static final Map<String, Integer> STAGE_RECORDS = Map.of("Validate", 6_000, "Transform", 6_000, "Load", 3_000);

    /** A source object as generated: its key and, per 1-based physical line, the row. */
    record Part(String key, List<String> lines) {
    }

    @Test
    void start_50kRowsInThreeObjectsOneGzipped_tableHoldsExactlyTheValidRowsAndRejectsExactlyTheBadOnes() throws Exception {
        runAndCheck(null);
    }

    /** The same run with 5% of all Lambda invocations failing with transient service errors: the same table. */
    @Test
    void start_50kRowsWithFivePercentTransientLambdaFailures_sameTableAndRejects() throws Exception {
        runAndCheck(Chaos.parse("rate=0.05,errors=Lambda.ServiceException|Lambda.TooManyRequestsException,seed=5"));
    }

    private static void runAndCheck(Chaos chaos) throws Exception {
        StringWriter csv = new StringWriter(ROWS * 100);
        OrdersGenerator.Summary generated = OrdersGenerator.write(new OrdersGenerator.Options(ROWS, 0.01, 0, 5, false), csv);
        List<String> rows = csv.toString().lines().skip(1).toList();
        assertThat(rows).hasSize(ROWS);
        List<Part> parts = new ArrayList<>();
        int per = (ROWS + 2) / 3;
        for (int p = 0; p < 3; p++) {
            List<String> lines = new ArrayList<>();
            lines.add(OrdersGenerator.HEADER);
            lines.addAll(rows.subList(p * per, Math.min(ROWS, (p + 1) * per)));
            parts.add(new Part("e2e/orders/part-" + (p + 1) + (p == 2 ? ".csv.gz" : ".csv"), lines));
        }

        try (WorkflowHarness h = new WorkflowHarness(SCALE)) {
            shortenStages(h);
            if (chaos != null) {
                h.twin.lambdas().chaos(chaos);
            }
            String spec = h.put(ROOT.resolve("samples/orders/orders.spec.json"), "specs/orders.spec.json");
            Set<String> validIds = new HashSet<>();
            Set<String> badLines = new HashSet<>();
            for (Part part : parts) {
                byte[] text = (String.join("\n", part.lines()) + "\n").getBytes(StandardCharsets.UTF_8);
                h.put(part.key().endsWith(".gz") ? gzip(text) : text, part.key());
                for (int i = 1; i < part.lines().size(); i++) {
                    String line = part.lines().get(i);
                    if (isBad(line)) {
                        badLines.add("s3://" + BUCKET + "/" + part.key() + "#" + (i + 1));
                    } else {
                        validIds.add(line.substring(0, line.indexOf(',')));
                    }
                }
            }
            assertThat(badLines).as("the generator's bad rows, found independently").hasSize((int) generated.bad());
            assertThat(validIds).as("unique keys").hasSize(ROWS - (int) generated.bad());

            ObjectNode in = JSON.createObjectNode();
            in.put("dataset", spec);
            in.put("source", "s3://" + BUCKET + "/e2e/orders/");
            in.put("maxConcurrency", 3);
            in.put("maxRejectPercent", 2);
            long started = System.nanoTime();
            Run r = h.run(null, "e2e-50k", in, Duration.ofMinutes(4));
            long millis = (System.nanoTime() - started) / 1_000_000;
            long[] injected = h.twin.lambdas().chaos().counts();
            System.err.printf("EtlEndToEndIT: %d rows in %d ms; entries per stage %s; chaos %d of %d invocations failed%n",
                    ROWS, millis, entries(r), injected[1], injected[0]);
            if (chaos != null) {
                assertThat(injected[1]).as("failures were injected").isPositive();
            }

            assertThat(r.execution().status()).as("%s %s; children: %s", r.execution().error(), r.execution().cause(),
                    r.children().stream().map(k -> k.status() + " " + k.error() + " " + k.cause()).toList())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.path()).isEqualTo(EtlScenariosIT.PARENT_OK);
            assertThat(r.children()).as("at least one chunk per object (Prepare sizes chunks from the scaled timeouts; the .gz object is one chunk)")
                    .hasSizeGreaterThanOrEqualTo(3);
            Map<String, List<Integer>> entries = entries(r);
            for (String stage : List.of("Validate", "Transform", "Load")) {
                assertThat(entries.get(stage)).as("%s continued with a cursor in some chunk", stage)
                        .anySatisfy(n -> assertThat(n).isGreaterThan(1));
            }

            JsonNode c = r.output().path("counts");
            assertThat(c.path("read").asLong()).isEqualTo(ROWS);
            assertThat(c.path("rejected").asLong()).isEqualTo(badLines.size());
            assertThat(c.path("loaded").asLong()).isEqualTo(validIds.size());
            assertThat(c.path("duplicates").asLong()).isZero();
            assertThat(c.path("continuations").asLong()).isPositive();

            assertThat(tableIds(h)).as("the table holds exactly the valid rows").isEqualTo(validIds);
            assertThat(rejectedLines(h.twin.services().s3Client(), "e2e-50k"))
                    .as("the rejects hold exactly the bad rows").isEqualTo(badLines);

            Map<String, AttributeValue> job = h.jobRecord("e2e-50k");
            assertThat(job.get("status").s()).isEqualTo("SUCCEEDED");
            Map<String, AttributeValue> jc = job.get("counts").m();
            long read = Long.parseLong(jc.get("read").n());
            assertThat(read).isEqualTo(ROWS).isEqualTo(Long.parseLong(jc.get("loaded").n())
                    + Long.parseLong(jc.get("rejected").n()) + Long.parseLong(jc.get("duplicates").n()));
            assertThat(job.get("failedChunks").l()).isEmpty();
        }
    }

    /** How many times each child entered each stage (one list entry per child). */
    static Map<String, List<Integer>> entries(Run r) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (Execution child : r.children()) {
            for (String stage : List.of("Validate", "Transform", "Load")) {
                out.computeIfAbsent(stage, k -> new ArrayList<>())
                        .add((int) Run.path(child).stream().filter(stage::equals).count());
            }
        }
        return out;
    }

    /**
     * Replaces the three stage functions with ones whose timeout is the safety margin plus {@link #STAGE_WORK_MILLIS},
     * so that each must stop early and continue (Prepare and Finalize keep the scaled timeouts of the twin).
     */
    static void shortenStages(WorkflowHarness h) {
        S3Client s3 = h.twin.services().s3Client();
        var dynamo = h.twin.services().dynamoDbClient();
        EtlConfig config = h.twin.etlConfig().withSafetyMarginMillis(STAGE_MARGIN_MILLIS);
        Map<String, BiFunction<S3Client, EtlConfig, RequestHandler<Map<String, Object>, Map<String, Object>>>> stages = Map.of(
                "Validate", (s, cfg) -> new ValidateHandler(s, dynamo, cfg),
                "Transform", (s, cfg) -> new TransformHandler(s, dynamo, cfg),
                "Load", (s, cfg) -> new LoadHandler(s, dynamo, cfg));
        stages.forEach((name, make) -> h.twin.lambdas().register(
                new LambdaRunner.LocalFunction(name, 1769, STAGE_MARGIN_MILLIS + STAGE_WORK_MILLIS.get(name),
                        new RecordBudget(make.apply(s3, config), STAGE_RECORDS.get(name)))));
    }

    /**
     * A row the generator made bad (OrdersGenerator.Defect), recognized from its text: a missing column, or one of the
     * values the generator writes only into bad rows.
     */
    static boolean isBad(String line) {
        List<String> f = splitCsv(line);
        if (f.size() != 9) {
            return true;
        }
        String amount = f.get(4);
        return f.get(0).startsWith("ORDER-") || f.get(1).isEmpty() || f.get(2).equals("not-an-email")
                || f.get(3).equals("2026-02-30") || amount.startsWith("-") || amount.equals("12,50x")
                || f.get(5).equals("XXX") || f.get(6).equals("0") || f.get(7).equals("LOST");
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    static Set<String> tableIds(WorkflowHarness h) {
        Set<String> ids = new HashSet<>();
        h.twin.services().dynamoDbClient().scanPaginator(b -> b.tableName("orders").projectionExpression("order_id"))
                .items().forEach(item -> assertThat(ids.add(item.get("order_id").s())).as("item twice").isTrue());
        return ids;
    }

    /** "object#line" of every reject listed by the run's rejects manifest; every reject has at least one reason. */
    static Set<String> rejectedLines(S3Client s3, String run) throws Exception {
        JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("rejects/" + run + "/manifest.json"))
                .asUtf8String());
        Set<String> out = new HashSet<>();
        for (JsonNode key : manifest.path("keys")) {
            String text = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key.asText())).asUtf8String();
            for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode reject = JSON.readTree(line);
                assertThat(reject.path("reasons")).as("reasons of %s", line).isNotEmpty();
                assertThat(reject.path("raw").asText()).as("sensitive email masked").doesNotContain("@example.com");
                assertThat(out.add(reject.path("object").asText() + "#" + reject.path("line").asLong()))
                        .as("rejected twice: %s", line).isTrue();
            }
        }
        return out;
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
