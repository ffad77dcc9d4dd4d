package io.sfnetl.etl.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.job.JobStore;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.HandlerPipeline;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reprocessing the rejects of every stage: a run with a Validate reject (amount below the spec's minimum), a
 * Transform reject (a derived field whose cast fails) and a Load reject (an item over DynamoDB's 400 KB limit, refused
 * by DynamoDB Local), then reprocessed after the spec is fixed, or with a corrected file of the rejects.
 */
@Tag("slow")
@ExtendWith(LocalServicesExtension.class)
class ReprocessStagesIT {
    private static final int ROWS = 20;
    /** Row 3: qty_text "many" (derive to integer fails), row 7: 410,000-character notes, row 11: amount -5. */
    private static final String CSV = csv();

    private EtlFixture fx;
    private HandlerPipeline pipeline;
    private String spec;
    private String fixedSpec;
    private String source;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        pipeline = new HandlerPipeline(fx);
        spec = fx.putSpec("orders-derived.spec.json");
        fixedSpec = fx.putSpec("orders-derived-fixed.spec.json");
        source = fx.put("incoming/2026-11-23/orders.csv", CSV);
    }

    private static String csv() {
        StringBuilder sb = new StringBuilder("order_id,customer,amount,qty_text,notes\n");
        for (int i = 1; i <= ROWS; i++) {
            String qty = i == 3 ? "many" : Integer.toString(i);
            String notes = i == 7 ? "x".repeat(410_000) : "note " + i;
            String amount = i == 11 ? "-5" : i + ".50";
            sb.append(i).append(", Customer ").append(i).append(" ,").append(amount).append(',').append(qty).append(',')
                    .append(notes).append('\n');
        }
        return sb.toString();
    }

    private Map<String, Object> input(String run, String dataset, String from) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("runId", run);
        in.put("dataset", dataset);
        in.put("source", from);
        in.put("chunkBytes", 100_000);
        in.put("maxRejectPercent", 100);
        return in;
    }

    private Map<String, Object> reprocessInput(String run, String dataset, String from) {
        Map<String, Object> in = input(run, dataset, from);
        in.put("sourceFormat", "rejects");
        in.put("maxRejectPercent", 0);
        return in;
    }

    private JsonNode job(String run) {
        return JobStore.toJson(fx.job(run));
    }

    @SuppressWarnings("unchecked")
    private static long count(Map<String, Object> summary, String name) {
        return ((Number) ((Map<String, Object>) summary.get("counts")).get(name)).longValue();
    }

    /** The run's reject lines, by stage. */
    private Map<String, List<ObjectNode>> rejects(String run) {
        Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
        fx.lines("rejects/" + run + "/manifest.json").getFirst().path("keys").forEach(k -> fx.lines(k.asText())
                .forEach(r -> out.computeIfAbsent(r.path("stage").asText(), s -> new ArrayList<>()).add((ObjectNode) r)));
        return out;
    }

    private Map<String, Object> firstRun(String run) throws Exception {
        return firstRun(run, source);
    }

    private Map<String, Object> firstRun(String run, String from) throws Exception {
        Map<String, Object> summary = pipeline.run(input(run, spec, from));
        assertThat(summary.get("status")).isEqualTo("SUCCEEDED");
        assertThat(count(summary, "read")).isEqualTo(ROWS);
        assertThat(count(summary, "rejected")).isEqualTo(3);
        assertThat(count(summary, "loaded")).isEqualTo(ROWS - 3);
        Map<String, List<ObjectNode>> byStage = rejects(run);
        assertThat(byStage.keySet()).containsExactlyInAnyOrder("validate", "transform", "load");
        assertThat(byStage.get("load").getFirst().path("reasons").toString())
                .contains("DynamoDB refused the item", "size");
        assertThat(byStage.get("transform").getFirst().path("raw").asText()).contains("\"customer\":\"****\"");
        return summary;
    }

    /** The reprocessing run read the 3 rejects and loaded them all: every row of the source is now in the table. */
    private Map<String, Map<String, AttributeValue>> allThreeLoaded(Map<String, Object> summary) {
        assertThat(summary.get("status")).isEqualTo("SUCCEEDED");
        assertThat(count(summary, "read")).isEqualTo(3);
        assertThat(count(summary, "loaded")).isEqualTo(3);
        assertThat(count(summary, "rejected") + count(summary, "duplicates")).isZero();
        Map<String, Map<String, AttributeValue>> items = fx.items();
        assertThat(items).hasSize(ROWS);
        return items;
    }

    /** The reject with its typed row (or item) in {@code raw} changed as a user would correct it. */
    private static ObjectNode correct(ObjectNode reject, java.util.function.Consumer<ObjectNode> change)
            throws Exception {
        ObjectNode row = (ObjectNode) Json.MAPPER.readTree(reject.path("raw").asText());
        change.accept(row);
        return reject.put("raw", row.toString());
    }

    @Test
    void reprocess_afterTheSpecIsFixed_everyStagesRejectsLoadAndCountsReconcile() throws Exception {
        firstRun("day");

        Map<String, Object> summary = pipeline.run(reprocessInput("day-fixed", fixedSpec,
                "s3://" + fx.bucket + "/rejects/day/"));

        Map<String, Map<String, AttributeValue>> items = allThreeLoaded(summary);
        assertThat(items.get("ORDER#3").get("qty").n()).isEqualTo("99");
        assertThat(items.get("ORDER#3").get("customer").s()).as("read again unmasked from the source")
                .isEqualTo("CUSTOMER 3");
        assertThat(items.get("ORDER#7").get("notes").s()).hasSize(100);
        assertThat(new BigDecimal(items.get("ORDER#11").get("amount").n())).isEqualByComparingTo("-5");
        assertThat(job("day-fixed").path("reprocessOf").asText()).isEqualTo("day");
        assertThat(job("day").path("reprocessedBy").toString()).isEqualTo("[\"day-fixed\"]");
    }

    @Test
    void reprocess_gzipSource_readsTheOriginalsInOnePassAndAllLoad() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(CSV.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        firstRun("gz", fx.put("incoming/2026-11-24/orders.csv.gz", gz.toByteArray()));

        Map<String, Object> summary = pipeline.run(reprocessInput("gz-fixed", fixedSpec,
                "s3://" + fx.bucket + "/rejects/gz/"));

        assertThat(allThreeLoaded(summary).get("ORDER#7").get("customer").s()).isEqualTo("CUSTOMER 7");
    }

    @Test
    void reprocess_fixedTransformAndLoadRejects_reenterAtTheirStageWithMaskedValuesRestored() throws Exception {
        firstRun("day2");
        StringBuilder fixed = new StringBuilder();
        for (List<ObjectNode> lines : rejects("day2").values()) {
            for (ObjectNode reject : lines) {
                switch (reject.path("stage").asText()) {
                    case "validate" -> reject.put("raw", "11,Customer 11,5.00,11,note 11");
                    case "transform" -> correct(reject, row -> row.put("qty_text", "4"));
                    default -> correct(reject, item -> item.put("notes", "short now").put("qty", 42)
                            .put("pk", "stale key, composed again"));
                }
                fixed.append(reject).append('\n');
            }
        }
        String file = fx.put("fixes/day2.jsonl", fixed.toString());
        Map<String, Object> in = reprocessInput("day2-fixed", spec, file);
        in.put("reprocessOf", "day2");

        Map<String, Object> summary = pipeline.run(in);

        Map<String, Map<String, AttributeValue>> items = allThreeLoaded(summary);
        assertThat(items.get("ORDER#3").get("qty").n()).isEqualTo("4");
        assertThat(items.get("ORDER#3").get("customer").s()).isEqualTo("CUSTOMER 3");
        assertThat(items.get("ORDER#7").get("notes").s()).isEqualTo("short now");
        assertThat(items.get("ORDER#7").get("qty").n()).as("an item skips Transform (qty_text is 7)").isEqualTo("42");
        assertThat(items.get("ORDER#7").get("customer").s()).as("restored from the transformed original")
                .isEqualTo("CUSTOMER 7");
        assertThat(new BigDecimal(items.get("ORDER#11").get("amount").n())).isEqualByComparingTo("5");
        assertThat(fx.lines("manifests/day2-fixed/rejects-rows.jsonl")).extracting(l -> l.path("stage").asText())
                .containsExactlyInAnyOrder("transform", "load");
        assertThat(job("day2").path("reprocessedBy").toString()).isEqualTo("[\"day2-fixed\"]");
    }

    @Test
    void reprocess_typedRowNotInTheCanonicalForm_isRejectedAgainAtItsStage() throws Exception {
        firstRun("day3");
        ObjectNode reject = correct(rejects("day3").get("transform").getFirst(),
                row -> row.put("customer", "Someone").put("amount", "12.50"));
        Map<String, Object> in = reprocessInput("day3-fixed", spec, fx.put("fixes/day3.jsonl", reject + "\n"));
        in.put("maxRejectPercent", 100);

        Map<String, Object> summary = pipeline.run(in);

        assertThat(count(summary, "read")).isEqualTo(1);
        assertThat(count(summary, "rejected")).isEqualTo(1);
        JsonNode again = rejects("day3-fixed").get("transform").getFirst();
        assertThat(again.path("reasons").toString()).contains("field 'amount': a typed row holds decimal as a JSON "
                + "number, not \\\"12.50\\\"");
        assertThat(again.path("object").asText()).endsWith("manifests/day3-fixed/rejects-rows.jsonl");
    }

    @Test
    void reprocess_specOfAnotherDataset_failsInvalidInputBeforeWritingAnything() throws Exception {
        firstRun("day6");
        String other = fx.put("specs/customers.spec.json", new String(getClass().getResourceAsStream(
                "/specs/orders-derived-fixed.spec.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"dataset\": \"orders\"", "\"dataset\": \"customers\""));

        assertThatThrownBy(() -> pipeline.prepare(reprocessInput("day6-fixed", other,
                "s3://" + fx.bucket + "/rejects/day6/")))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("the spec is of dataset 'customers', but run 'day6'")
                .hasMessageContaining("loaded dataset 'orders'");
        assertThat(fx.job("day6-fixed")).isEmpty();
    }

    @Test
    void reprocess_maskedRejectsWhoseSourceIsGone_failsNamingTheRejectAndTheFix() throws Exception {
        firstRun("day4");
        fx.s3.deleteObject(r -> r.bucket(fx.bucket).key("incoming/2026-11-23/orders.csv"));

        assertThatThrownBy(() -> pipeline.prepare(reprocessInput("day4-again", spec,
                "s3://" + fx.bucket + "/rejects/day4/")))
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining("3 reject(s) of s3://" + fx.bucket + "/rejects/day4/ cannot be reprocessed")
                .hasMessageContaining("etl reprocess RUN --fixed FILE");
    }

    @Test
    void reprocess_fixedRowStillMaskedAndSourceGone_failsNamingTheField() throws Exception {
        firstRun("day5");
        ObjectNode reject = correct(rejects("day5").get("load").getFirst(), item -> item.put("notes", "short"));
        String file = fx.put("fixes/day5.jsonl", reject + "\n");
        fx.s3.deleteObject(r -> r.bucket(fx.bucket).key("incoming/2026-11-23/orders.csv"));

        assertThatThrownBy(() -> pipeline.prepare(reprocessInput("day5-fixed", spec, file)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("sensitive field 'customer' is still masked")
                .hasMessageContaining("Write its value in 'raw'");
    }
}
