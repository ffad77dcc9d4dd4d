package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.services.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A night on the twin: the sample run, its record ({@code etl jobs}, {@code etl job}), its rejects fixed and
 * reprocessed ({@code etl reprocess --fixed}: all load, records linked), then housekeeping ({@code etl gc}) that
 * spares a running run and a failed run that can still be redriven.
 */
@Tag("slow")
class OpsCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String BUCKET = "sfn-etl-data";

    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() throws Exception {
            return JSON.readTree(stdout);
        }
    }

    @BeforeAll
    static void home() {
        System.setProperty("etl.home", ROOT.toString());
    }

    static Result etl(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new Result(r.code(), r.out(), r.err());
    }

    @Test
    void night_runRecordReprocessAndGc_asAnOperatorWouldDoIt(@TempDir Path data) throws Exception {
        String dir = data.toString();
        Result night = etl("start", "--input", ROOT.resolve("samples/orders/input.json").toString(),
                "--data-dir", dir, "--name", "night");
        assertThat(night.exitCode()).as(night.stderr()).isZero();

        Result list = etl("jobs", "--data-dir", dir);
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("RUN", "night", "orders", "SUCCEEDED").doesNotContain("lease#");
        Result one = etl("job", "night", "--data-dir", dir, "--json");
        JsonNode record = one.json();
        long rejected = record.at("/counts/rejected").asLong();
        assertThat(rejected).isPositive();
        assertThat(record.at("/sources/0/etag").asText()).isNotBlank();
        assertThat(record.at("/rejectReasons/reasons/0/count").asLong()).isPositive();
        assertThat(etl("job", "night", "--data-dir", dir).stdout()).contains("etag", "(e.g. line");
        Result missing = etl("job", "no-such-run", "--data-dir", dir);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(missing.stderr()).contains("No job record for run 'no-such-run'", "etl jobs");

        Path fixed = data.resolve("fixed.jsonl");
        Files.writeString(fixed, fixedRejects(data, "night"));
        Result reprocess = etl("reprocess", "night", "--fixed", fixed.toString(), "--name", "night-fixed",
                "--data-dir", dir);
        assertThat(reprocess.exitCode()).as(reprocess.stderr()).isZero();
        JsonNode again = etl("job", "night-fixed", "--data-dir", dir, "--json").json();
        assertThat(again.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(again.at("/counts/read").asLong()).isEqualTo(rejected);
        assertThat(again.at("/counts/rejected").asLong()).isZero();
        assertThat(again.at("/counts/loaded").asLong()).isEqualTo(rejected);
        assertThat(again.path("reprocessOf").asText()).isEqualTo("night");
        assertThat(etl("job", "night", "--data-dir", dir, "--json").json().path("reprocessedBy").toString())
                .isEqualTo("[\"night-fixed\"]");
        assertThat(etl("jobs", "--data-dir", dir).stdout()).contains("reprocesses night");

        // Nothing fixed: every row is rejected again. By default the run still succeeds and records them; with the
        // original run's threshold it fails, naming it.
        Result unchanged = etl("reprocess", "night", "--name", "night-unchanged", "--data-dir", dir);
        assertThat(unchanged.exitCode()).as(unchanged.stderr()).isZero();
        JsonNode unchangedRecord = etl("job", "night-unchanged", "--data-dir", dir, "--json").json();
        assertThat(unchangedRecord.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(unchangedRecord.at("/counts/rejected").asLong()).isEqualTo(rejected);
        assertThat(unchangedRecord.at("/counts/loaded").asLong()).isZero();
        Result strict = etl("reprocess", "night", "--name", "night-strict", "--max-reject-percent", "10",
                "--data-dir", dir);
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.stdout() + strict.stderr()).contains("RejectThresholdExceeded", "above maxRejectPercent 10");
        assertThat(etl("reprocess", "night", "--max-reject-percent", "101", "--data-dir", dir).stderr())
                .contains("--max-reject-percent must be between 0 and 100, got 101");

        addRun(data, "live", "RUNNING", null);
        addRun(data, "failed-yesterday", "FAILED", Instant.now().minusSeconds(86_400).toString());
        Result dry = etl("gc", "--older-than", "0m", "--dry-run", "--data-dir", dir);
        assertThat(dry.stdout()).contains("would delete", "of night ");
        assertThat(keys(data, "staging/night/")).isNotEmpty();

        Result gc = etl("gc", "--older-than", "0m", "--data-dir", dir);
        assertThat(gc.exitCode()).as(gc.stderr()).isZero();
        assertThat(gc.stderr()).contains("kept live (RUNNING)", "kept failed-yesterday (FAILED): can still be redriven");
        assertThat(keys(data, "staging/night/")).isEmpty();
        assertThat(keys(data, "manifests/night/")).isEmpty();
        assertThat(keys(data, "rejects/night/")).as("rejects stay for reprocessing").isNotEmpty();
        assertThat(keys(data, "staging/live/")).isNotEmpty();
        assertThat(keys(data, "staging/failed-yesterday/")).isNotEmpty();
        assertThat(etl("job", "night", "--data-dir", dir, "--json").json().path("collectedAt").asText())
                .isNotBlank();
    }

    @Test
    void reprocess_transformAndLoadRejectsAfterTheSpecIsFixed_allLoadAndTheRecordsAreLinked(@TempDir Path data)
            throws Exception {
        String dir = data.toString();
        ObjectNode spec = (ObjectNode) JSON.readTree(ROOT.resolve("samples/orders/orders.spec.json").toFile());
        ((ObjectNode) spec.at("/fields/8")).remove("maxLength");
        ObjectNode units = ((com.fasterxml.jackson.databind.node.ArrayNode) spec.get("transforms")).addObject();
        units.put("op", "derive").put("field", "units").put("expression", "status = 'NEW' ? 'n/a' : quantity")
                .put("type", "integer");
        Files.writeString(data.resolve("orders.spec.json"), spec.toString());
        units.put("expression", "quantity");
        ((com.fasterxml.jackson.databind.node.ArrayNode) spec.get("transforms")).addObject().put("op", "derive")
                .put("field", "notes").put("expression", "$substring(notes, 0, 100)");
        Path fixedSpec = data.resolve("orders-fixed.spec.json");
        Files.writeString(fixedSpec, spec.toString());
        StringBuilder csv = new StringBuilder("order_id,customer_id,email,order_date,amount,currency,quantity,status,notes\n");
        for (int i = 1; i <= 6; i++) {
            csv.append(String.format("ORD-%06d,C%d,c%d@example.com,2026-11-23,%d.00,EUR,%d,%s,%s%n", i, i, i, i, i,
                    i == 2 ? "NEW" : "PAID", i == 5 ? "x".repeat(410_000) : "note " + i));
        }
        Files.writeString(data.resolve("orders.csv"), csv);
        Files.writeString(data.resolve("input.json"), "{\"dataset\": \"orders.spec.json\", \"source\": \"orders.csv\", "
                + "\"maxRejectPercent\": 100}");
        Result night = etl("start", "--input", data.resolve("input.json").toString(), "--data-dir", dir, "--name", "nd");
        assertThat(night.exitCode()).as(night.stderr()).isZero();
        JsonNode first = etl("job", "nd", "--data-dir", dir, "--json").json();
        assertThat(first.at("/counts/rejected").asLong()).isEqualTo(2);
        assertThat(first.at("/rejectReasons/reasons").toString()).contains("\"stage\":\"transform\"",
                "\"stage\":\"load\"", "DynamoDB refused the item");

        Result reprocess = etl("reprocess", "nd", "--spec", fixedSpec.toString(), "--name", "nd-fixed",
                "--data-dir", dir);

        assertThat(reprocess.exitCode()).as(reprocess.stderr()).isZero();
        JsonNode again = etl("job", "nd-fixed", "--data-dir", dir, "--json").json();
        assertThat(again.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(again.at("/counts/read").asLong()).isEqualTo(2);
        assertThat(again.at("/counts/loaded").asLong()).isEqualTo(2);
        assertThat(again.at("/counts/rejected").asLong()).isZero();
        assertThat(again.path("reprocessOf").asText()).isEqualTo("nd");
        assertThat(again.path("spec").asText()).endsWith("reprocess/nd/nd-fixed.spec.json");
        assertThat(etl("job", "nd", "--data-dir", dir, "--json").json().path("reprocessedBy").toString())
                .isEqualTo("[\"nd-fixed\"]");
        Path other = data.resolve("other.spec.json");
        Files.writeString(other, spec.put("dataset", "customers").toString());
        Result otherDataset = etl("reprocess", "nd", "--spec", other.toString(), "--data-dir", dir);
        assertThat(otherDataset.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(otherDataset.stderr()).contains("is a spec of dataset 'customers', but run 'nd' loaded dataset "
                + "'orders'");
        assertThat(etl("reprocess", "--help").stdout()).contains("Transform's and Load's", "--spec", "--fixed");
    }

    @Test
    void gc_ageThatIsNotOne_isAUsageError() {
        Result r = etl("gc", "--older-than", "fortnight");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.stderr()).contains("'fortnight' is not an age; use e.g. 14d");
    }

    /** The run's rejects in the reject format, each replaced by a valid order as a user would fix them. */
    private static String fixedRejects(Path data, String run) throws Exception {
        StringBuilder out = new StringBuilder();
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            S3Client s3 = services.s3Client();
            JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET)
                    .key("rejects/" + run + "/manifest.json")).asUtf8String());
            int n = 0;
            for (JsonNode key : manifest.path("keys")) {
                String text = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key.asText())).asUtf8String();
                for (String line : text.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    ObjectNode reject = (ObjectNode) JSON.readTree(line);
                    reject.put("raw", String.format("ORD-9%05d,C%d,fixed%d@example.com,2026-11-23,1.00,EUR,1,PAID,"
                            + "fixed by hand", ++n, n, n));
                    out.append(reject).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void addRun(Path data, String run, String status, String failedAt) {
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            var item = new java.util.HashMap<String, AttributeValue>();
            item.put("run", AttributeValue.fromS(run));
            item.put("status", AttributeValue.fromS(status));
            item.put("startedAt", AttributeValue.fromS(Instant.now().minusSeconds(90_000).toString()));
            if (failedAt != null) {
                item.put("failedAt", AttributeValue.fromS(failedAt));
            }
            services.dynamoDbClient().putItem(r -> r.tableName("etl-jobs").item(item));
            services.s3Client().putObject(r -> r.bucket(BUCKET).key("staging/" + run + "/00000/validate/0-x"),
                    RequestBody.fromString("{}"));
        }
    }

    private static List<String> keys(Path data, String prefix) {
        try (LocalServices services = LocalServices.start(new LocalServices.Options(data, true))) {
            List<String> out = new ArrayList<>();
            services.s3Client().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents()
                    .forEach(o -> out.add(o.key()));
            return out;
        }
    }

}
