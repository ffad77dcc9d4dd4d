package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.stage.ChunkRange;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import io.sfnetl.etl.stage.Validator;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.etl.testsupport.FakeContext;
import io.sfnetl.etl.testsupport.OrdersCsv;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class PrepareIT {
    private static final OrdersCsv CSV = OrdersCsv.generate(1_000);

    private EtlFixture fx;
    private Preparer preparer;
    private String spec;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        preparer = new Preparer(fx.s3, fx.dynamo, fx.config);
        spec = fx.putSpec("orders.spec.json");
    }

    private ObjectNode input(String run, String dataset, String source) {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("runId", run);
        in.put("dataset", dataset);
        in.put("source", source);
        return in;
    }

    private List<ChunkDescriptor> manifest(PrepareOutput out) {
        JsonNode m = Json.MAPPER.valueToTree(fx.s3.getObjectAsBytes(r -> r.bucket(out.manifest().bucket())
                .key(out.manifest().key())).asUtf8String());
        try {
            return List.of(Json.MAPPER.readValue(m.asText(), ChunkDescriptor[].class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Validates every chunk of a manifest; returns the offsets of all records read (each must appear once). */
    private List<Long> readAll(List<ChunkDescriptor> chunks) {
        Validator v = new Validator(fx.s3, fx.config);
        List<Long> offsets = new ArrayList<>();
        long read = 0;
        for (ChunkDescriptor c : chunks) {
            StageOutput out = v.validate(new StageInput(c.run(), c.chunk(), c.spec(), Json.MAPPER.valueToTree(c.read()),
                    null, null, null, null, null, c.source()), "req", RemainingTime.unlimited());
            read += out.counts().read();
            String text = sourceText(c.source());
            for (String k : out.written()) {
                fx.lines(k).forEach(j -> offsets.add(checkLine(text, j.path("o").asLong(), j.path("l").asLong())));
            }
            for (String k : out.rejected()) {
                fx.lines(k).forEach(j -> offsets.add(checkLine(text, j.path("offset").asLong(), j.path("line").asLong())));
            }
        }
        assertThat(offsets).hasSize((int) read);
        return offsets;
    }

    private String sourceText(String uri) {
        var u = io.sfnetl.etl.storage.S3Uri.parse(uri);
        byte[] bytes = fx.s3.getObjectAsBytes(r -> r.bucket(u.bucket()).key(u.key())).asByteArray();
        try {
            return new String(u.key().endsWith(".gz")
                    ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes() : bytes,
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The record's line must be its physical line: 1 + the newlines before its offset (ASCII test data). */
    private static long checkLine(String text, long offset, long line) {
        assertThat(line).as("line of the record at offset %d", offset)
                .isEqualTo(1 + text.substring(0, (int) offset).chars().filter(ch -> ch == '\n').count());
        return offset;
    }

    @Test
    void prepare_singleObject_plansByteRangesAndWritesManifestSpecAndJob() {
        String source = fx.put("incoming/orders.csv", CSV.bytes());
        ObjectNode in = input("single", spec, source);
        in.put("chunkBytes", 5_000);
        in.put("maxRejectPercent", 40);

        PrepareOutput out = preparer.prepare(in, "req-1", RemainingTime.unlimited());

        int size = CSV.bytes().length;
        assertThat(out.done()).isTrue();
        assertThat(out.objects()).isEqualTo(1);
        assertThat(out.bytes()).isEqualTo(size);
        assertThat(out.chunks()).isEqualTo((size + 4_999) / 5_000);
        assertThat(out.config().chunkBytes()).isEqualTo(5_000);
        assertThat(out.config().maxRejectPercent()).isEqualTo(40);
        assertThat(out.config().maxConcurrency()).isEqualTo(10);
        assertThat(out.spec()).isEqualTo("s3://" + fx.bucket + "/manifests/single/spec.json");
        assertThat(out.manifest().key()).isEqualTo("manifests/single/chunks.json");
        assertThat(out.table()).isEqualTo(fx.table);
        assertThat(out.specSha256()).hasSize(64);
        List<ChunkDescriptor> chunks = manifest(out);
        assertThat(chunks).hasSize(out.chunks());
        ChunkRange second = chunks.get(1).read();
        assertThat(second.start()).isEqualTo(5_000);
        assertThat(second.end()).isEqualTo(10_000);
        assertThat(second.exactStart()).isFalse();
        assertThat(second.etag()).isNotBlank();
        assertThat(chunks.getLast().read().end()).isEqualTo(size);
        assertThat(chunks.get(0).spec()).isEqualTo(out.spec());
        assertThat(new HashSet<>(readAll(chunks))).hasSize((int) CSV.rows);
        var job = fx.job("single");
        assertThat(job.get("status").s()).isEqualTo("RUNNING");
        assertThat(job.get("sourceEtags").m()).containsKey(source);
    }

    @Test
    void prepare_prefixWithPlainAndGzipObjects_oneChunkPerGzip() throws Exception {
        fx.put("incoming/day1/a.csv", CSV.bytes());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(CSV.bytes());
        }
        fx.put("incoming/day1/b.csv.gz", gz.toByteArray());
        fx.put("incoming/day1/empty.csv", new byte[0]);
        fx.put("incoming/day10/other.csv", CSV.bytes());
        ObjectNode in = input("prefix", spec, "s3://" + fx.bucket + "/incoming/day1");
        in.put("chunkBytes", 20_000);

        PrepareOutput out = preparer.prepare(in, "req", RemainingTime.unlimited());

        assertThat(out.objects()).isEqualTo(2);
        List<ChunkDescriptor> chunks = manifest(out);
        List<ChunkDescriptor> gzChunks = chunks.stream().filter(c -> c.read().compressed()).toList();
        assertThat(gzChunks).singleElement().satisfies(c -> {
            assertThat(c.source()).endsWith("/incoming/day1/b.csv.gz");
            assertThat(c.read().end()).isEqualTo(Long.MAX_VALUE);
        });
        assertThat(chunks).hasSize(1 + (CSV.bytes().length + 19_999) / 20_000);
        assertThat(readAll(chunks)).hasSize((int) (2 * CSV.rows));
    }

    private static String multilineCsv(int rows) {
        StringBuilder sb = new StringBuilder("order_id,customer,amount,order_date,paid\n");
        for (int i = 1; i <= rows; i++) {
            String customer = i % 3 == 0 ? "\"Name " + i + "\nsecond line, with comma\"" : "Name " + i;
            sb.append(i).append(',').append(customer).append(',').append(i).append(".5,2024-02-03,true\n");
        }
        return sb.toString();
    }

    /** 300 orders, every third with a quoted line break, planned in chunks of 700 bytes. */
    private ObjectNode multilineInput(String run) {
        ObjectNode in = input(run, fx.putSpec("orders-multiline.spec.json"), fx.put("incoming/ml.csv", multilineCsv(300)));
        in.put("chunkBytes", 700);
        return in;
    }

    @Test
    void prepare_multilineCsv_scansAndCutsExactlyAtRecordStarts() {
        ObjectNode in = multilineInput("ml");

        PrepareOutput out = preparer.prepare(in, "req", RemainingTime.unlimited());

        List<ChunkDescriptor> chunks = manifest(out);
        assertThat(chunks.size()).isGreaterThan(10);
        assertThat(chunks.subList(1, chunks.size())).allSatisfy(c -> {
            assertThat(c.read().exactStart()).isTrue();
            assertThat(c.read().firstLine()).isGreaterThan(1);
        });
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).read().start()).isEqualTo(chunks.get(i - 1).read().end());
        }
        List<Long> offsets = readAll(chunks);
        assertThat(offsets).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    void prepare_scanRunsOutOfTime_continuesWithCursorToTheSamePlan() {
        ObjectNode in = multilineInput("whole");
        List<ChunkRange> whole = manifest(preparer.prepare(in, "req", RemainingTime.unlimited())).stream()
                .map(ChunkDescriptor::read).toList();
        // The first run still holds the lease of this dataset and source (nothing finalized it).
        RunLease.fromEnv(fx.dynamo, fx.jobsTable).release(fx.job("whole").get("lease").s(), "whole");

        in.put("runId", "cut");
        int calls = 0;
        PrepareOutput out;
        do {
            FakeContext ctx = FakeContext.runningOutAfter(40);
            out = preparer.prepare(in, ctx.getAwsRequestId(), RemainingTime.of(ctx));
            calls++;
            if (!out.done()) {
                in.set("cursor", Json.MAPPER.valueToTree(out.cursor()));
            }
        } while (!out.done());

        assertThat(calls).isGreaterThan(3);
        assertThat(manifest(out).stream().map(ChunkDescriptor::read).toList()).isEqualTo(whole);
        assertThat(manifest(out).stream().map(ChunkDescriptor::chunk).toList())
                .doesNotHaveDuplicates().startsWith("00000", "00001");
    }

    @Test
    void prepare_jsonArray_scannedIntoExactChunks() {
        String specJson = fx.putSpec("events-array.spec.json");
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 1; i <= 200; i++) {
            sb.append(i == 1 ? "" : ",\n").append("  {\"id\": ").append(i).append(", \"name\": \"n,]").append(i)
                    .append("\"}");
        }
        String source = fx.put("incoming/events.json", sb.append("\n]\n").toString());
        ObjectNode in = input("array", specJson, source);
        in.put("chunkBytes", 500);

        List<ChunkDescriptor> chunks = manifest(preparer.prepare(in, "req", RemainingTime.unlimited()));

        assertThat(chunks.size()).isGreaterThan(5);
        assertThat(readAll(chunks)).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void prepare_missingObject_failsSourceNotFound() {
        assertThatThrownBy(() -> preparer.prepare(input("missing", spec, "s3://" + fx.bucket + "/incoming/none.csv"),
                "req", RemainingTime.unlimited()))
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining("s3://" + fx.bucket + "/incoming/none.csv")
                .hasMessageContaining("upload the data");
    }

    @Test
    void prepare_emptyObject_failsSourceNotFound() {
        String source = fx.put("incoming/empty.csv", new byte[0]);
        assertThatThrownBy(() -> preparer.prepare(input("empty", spec, source), "req", RemainingTime.unlimited()))
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void prepare_invalidSpec_failsInvalidSpecWithLocations() {
        String bad = fx.putSpec("invalid.spec.json");
        String source = fx.put("incoming/orders.csv", CSV.bytes());
        assertThatThrownBy(() -> preparer.prepare(input("badspec", bad, source), "req", RemainingTime.unlimited()))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("/format/type")
                .satisfies(e -> assertThat(((InvalidSpec) e).problems().size()).isGreaterThan(1));
    }

    @Test
    void prepare_missingSpecObject_failsInvalidInput() {
        String source = fx.put("incoming/orders.csv", CSV.bytes());
        assertThatThrownBy(() -> preparer.prepare(input("nospec", "s3://" + fx.bucket + "/specs/none.json", source),
                "req", RemainingTime.unlimited()))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("/dataset")
                .hasMessageContaining("specs/none.json");
    }

    @Test
    void prepare_badInput_failsInvalidInputNamingEveryProblem() {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("runId", "bad run!");
        in.put("dataset", "s3://another-bucket/spec.json");
        in.put("source", "/tmp/local.csv");
        in.put("chunkBytes", "big");
        in.put("maxRejectPercent", 150);

        assertThatThrownBy(() -> preparer.prepare(in, "req", RemainingTime.unlimited()))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("5 problems")
                .hasMessageContaining("/runId")
                .hasMessageContaining("outside the data bucket '" + fx.bucket + "'")
                .hasMessageContaining("/source: '/tmp/local.csv' is not an S3 URI")
                .hasMessageContaining("/chunkBytes")
                .hasMessageContaining("/maxRejectPercent");
    }

    @Test
    void prepare_sameRunTwice_samePlan() {
        String source = fx.put("incoming/orders.csv", CSV.bytes());
        ObjectNode in = input("twice", spec, source);
        in.put("chunkBytes", 9_000);
        List<ChunkDescriptor> first = manifest(preparer.prepare(in, "a", RemainingTime.unlimited()));
        List<ChunkDescriptor> second = manifest(preparer.prepare(in, "b", RemainingTime.unlimited()));
        assertThat(second).isEqualTo(first);
        Set<String> ids = new HashSet<>();
        first.forEach(c -> ids.add(c.chunk()));
        assertThat(ids).hasSize(first.size());
    }
}
