package io.sfnetl.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.errors.InvalidInput;
import io.sfnetl.etl.errors.SourceNotFound;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.testing.TestSpecs;
import io.sfnetl.etl.testsupport.EtlFixture;
import io.sfnetl.local.services.LocalServices;
import io.sfnetl.local.services.junit.LocalServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RejectsSource} streams: rejects read in windows give the same bytes as one window, hold at most a window at
 * once, and a failure in any window leaves no output object behind.
 */
@ExtendWith(LocalServicesExtension.class)
class RejectsSourceIT {
    private static final String HEADER = "order_id,customer,amount,order_date,paid";
    private static final int ROWS = 1_200;

    private EtlFixture fx;
    private DatasetSpec spec;

    @BeforeEach
    void setUp(LocalServices services) {
        fx = EtlFixture.create(services);
        spec = TestSpecs.spec("orders.spec.json");
    }

    /** A CSV source: its rows (no header), each row's byte offset; row i (0-based) is line i + 2. */
    private record Source(String uri, List<String> rows, List<Long> offsets) {
    }

    private static Source csv(String uri, int rows, String tag) {
        List<String> lines = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        long at = HEADER.length() + 1;
        for (int i = 1; i <= rows; i++) {
            String row = i + ", " + tag + " Customer " + i + " ," + i + ".50,2024-01-" + String.format("%02d", 1 + i % 28)
                    + "," + (i % 2 == 0);
            lines.add(row);
            offsets.add(at);
            at += row.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return new Source(uri, lines, offsets);
    }

    private static String text(Source s) {
        return HEADER + "\n" + String.join("\n", s.rows()) + "\n";
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static String reject(String object, long offset, long line, String raw, String stage) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("object", object);
        n.put("offset", offset);
        n.put("line", line);
        n.put("raw", raw);
        n.putArray("reasons").add("test");
        n.put("stage", stage);
        return n + "\n";
    }

    private static ObjectNode typedRow(int i, String customer) {
        ObjectNode row = Json.MAPPER.createObjectNode();
        row.put("order_id", i);
        row.put("customer", customer);
        row.put("amount", i + ".50");
        row.put("order_date", "2024-01-01");
        row.put("paid", true);
        return row;
    }

    /**
     * A run's rejects of every kind, in two parts: Validate rejects unmasked and masked (read again from a plain and a
     * {@code .gz} source, interleaved), Transform rejects (their source record read again), Load rejects whose source
     * is gone (their typed row), and Transform rejects of an earlier reprocessing (their line of its typed rows).
     *
     * @return the number of reject lines
     */
    private int runRejects(String run) {
        Source plain = csv("s3://" + fx.bucket + "/incoming/orders.csv", ROWS, "P");
        fx.put("incoming/orders.csv", text(plain));
        Source gz = csv("s3://" + fx.bucket + "/incoming/more.csv.gz", ROWS / 6, "G");
        fx.put("incoming/more.csv.gz", gzip(text(gz)));
        String gone = "s3://" + fx.bucket + "/incoming/gone.csv";
        StringBuilder first = new StringBuilder();
        int count = 0;
        for (int i = 0; i < ROWS; i++) {
            String row = plain.rows().get(i);
            long offset = plain.offsets().get(i);
            String masked = row.replaceFirst(", P Customer \\d+ ,", ",****,");
            first.append(switch (i % 4) {
                case 0 -> reject(plain.uri(), offset, i + 2, masked, "validate");
                case 1 -> reject(plain.uri(), offset, i + 2, row.replace(".50,", ".75,"), "validate");
                case 2 -> reject(plain.uri(), offset, i + 2, typedRow(i + 1, "****").toString(), "transform");
                default -> reject(gone, offset, i + 2, typedRow(i + 1, "P CUSTOMER " + (i + 1)).toString(), "load");
            });
            count++;
            if (i % 6 == 0) {
                int g = i / 6;
                first.append(reject(gz.uri(), gz.offsets().get(g), g + 2,
                        gz.rows().get(g).replaceFirst(", G Customer \\d+ ,", ",****,"), "validate"));
                count++;
            }
        }
        fx.put("rejects/" + run + "/00000/validate/0-req", first.toString());

        StringBuilder typed = new StringBuilder();
        List<Long> typedOffsets = new ArrayList<>();
        long at = 0;
        for (int i = 1; i <= 150; i++) {
            String line = "{\"stage\":\"transform\",\"row\":" + typedRow(10_000 + i, "T Customer " + i)
                    + ",\"object\":\"x\",\"offset\":" + i + ",\"line\":" + i + "}\n";
            typedOffsets.add(at);
            at += line.getBytes(StandardCharsets.UTF_8).length;
            typed.append(line);
        }
        String typedUri = fx.put("manifests/earlier/" + RejectsSource.ROWS_NAME, typed.toString());
        StringBuilder second = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            second.append(reject(typedUri, typedOffsets.get(i - 1), i, typedRow(10_000 + i, "****").toString(),
                    "transform"));
            count++;
        }
        fx.put("rejects/" + run + "/00001/transform/0-req", second.toString());
        return count;
    }

    private byte[] bytes(SourceObject o) {
        String key = o.object().substring(("s3://" + fx.bucket + "/").length());
        return fx.s3.getObjectAsBytes(r -> r.bucket(fx.bucket).key(key)).asByteArray();
    }

    private List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        fx.s3.listObjectsV2Paginator(r -> r.bucket(fx.bucket).prefix(prefix)).contents().forEach(o -> out.add(o.key()));
        return out;
    }

    /**
     * {@code call} fails with SourceNotFound naming {@code count} lost rejects of run {@code run} and the first one's
     * line, and nothing is left under {@code manifests/<run>-again/}.
     */
    private void assertLostAndNothingLeft(ThrowingCallable call, String run, int count, int firstLine) {
        assertThatThrownBy(call)
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining(count + " reject(s) of s3://" + fx.bucket + "/rejects/" + run + "/ cannot be "
                        + "reprocessed")
                .hasMessageContaining("0-req line " + firstLine + " (stage validate");
        assertThat(keys("manifests/" + run + "-again/")).isEmpty();
    }

    @Test
    void write_moreRejectsThanOneWindow_sameBytesAsOneWindowAndAtMostAWindowHeld() {
        int rejects = runRejects("night");
        String source = "s3://" + fx.bucket + "/rejects/night/";
        RejectsSource whole = new RejectsSource(fx.s3, 1_000_000);
        RejectsSource.Result expected = whole.write(spec, source, "again-whole", fx.bucket, "night");

        for (int window : new int[] {7, 100}) {
            RejectsSource windowed = new RejectsSource(fx.s3, window);
            RejectsSource.Result actual = windowed.write(spec, source, "again-" + window, fx.bucket, "night");

            assertThat(actual.records()).isEqualTo(expected.records());
            assertThat(actual.rows()).isEqualTo(expected.rows());
            assertThat(actual.objects()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(bytes(actual.objects().get(i))).as("object %d, window %d", i, window)
                        .isEqualTo(bytes(expected.objects().get(i)));
                assertThat(actual.objects().get(i).size()).isEqualTo(expected.objects().get(i).size());
                assertThat(actual.objects().get(i).etag()).isNotBlank();
            }
            assertThat(windowed.mostHeld()).isEqualTo(window);
        }
        // validate: ROWS/2 plain + ROWS/6 gz records; transform: ROWS/4 records; load (gone): ROWS/4 rows; typed: 150
        assertThat(expected.records()).isEqualTo(ROWS / 2 + ROWS / 6 + ROWS / 4);
        assertThat(expected.rows()).isEqualTo(ROWS / 4 + 150);
        assertThat(whole.mostHeld()).isEqualTo(rejects);
        String records = new String(bytes(expected.objects().get(0)), StandardCharsets.UTF_8);
        assertThat(records).startsWith(HEADER + "\n1, P Customer 1 ,1.50,").contains("\n2, P Customer 2 ,2.75,")
                .contains("\n1, G Customer 1 ,1.50,").contains("\n3, P Customer 3 ,3.50,").doesNotContain("****");
        String rows = new String(bytes(expected.objects().get(1)), StandardCharsets.UTF_8);
        assertThat(rows).contains("\"customer\":\"P CUSTOMER 4\"").contains("\"customer\":\"T Customer 150\"")
                .doesNotContain("****");
    }

    /** Remaining time that runs short after {@code windows} windows: the call stops there. */
    private static RemainingTime stopAfter(int windows) {
        long[] left = {windows + 1L};
        return () -> left[0]--;
    }

    /** Calls write until done, each call stopping after {@code windows} windows; the segments' objects in order. */
    private List<SourceObject> inSegments(RejectsSource rs, String source, String run, String original, int windows) {
        RejectsCursor cursor = null;
        for (int call = 0; call < 1_000; call++) {
            RejectsSource.Step step = rs.write(spec, source, run, fx.bucket, original, cursor, stopAfter(windows), 0);
            if (step.result() != null) {
                return step.result().objects();
            }
            cursor = step.cursor();
        }
        throw new AssertionError("no end after 1,000 calls");
    }

    /** The bodies of the objects whose key ends with one of {@code names}, concatenated, later CSV headers dropped. */
    private String joined(List<SourceObject> objects, String ext) {
        StringBuilder out = new StringBuilder();
        for (SourceObject o : objects) {
            if (o.object().endsWith(ext)) {
                String body = new String(bytes(o), StandardCharsets.UTF_8);
                out.append(out.isEmpty() || !body.startsWith(HEADER + "\n") ? body : body.substring(HEADER.length() + 1));
            }
        }
        return out.toString();
    }

    @Test
    void write_remainingTimeRunsShort_continuesInSegmentsHoldingTheSameRecordsAndRows() {
        runRejects("night");
        String source = "s3://" + fx.bucket + "/rejects/night/";
        RejectsSource.Result once = new RejectsSource(fx.s3, 1_000_000).write(spec, source, "once", fx.bucket, "night");

        List<SourceObject> segments = inSegments(new RejectsSource(fx.s3, 100), source, "seg", "night", 4);

        // 1,550 rejects, 4 windows of 100 per call: 4 calls, each a segment of records and of typed rows
        assertThat(segments).extracting(o -> o.object().substring(o.object().indexOf("/manifests/") + 1)).containsExactly(
                "manifests/seg/rejects-source.csv", "manifests/seg/rejects-rows.jsonl",
                "manifests/seg/rejects-source-1.csv", "manifests/seg/rejects-rows-1.jsonl",
                "manifests/seg/rejects-source-2.csv", "manifests/seg/rejects-rows-2.jsonl",
                "manifests/seg/rejects-source-3.csv", "manifests/seg/rejects-rows-3.jsonl");
        assertThat(joined(segments, ".csv")).isEqualTo(joined(once.objects(), ".csv"));
        assertThat(joined(segments, ".jsonl")).isEqualTo(joined(once.objects(), ".jsonl"));
        assertThat(new String(bytes(segments.get(2)), StandardCharsets.UTF_8)).startsWith(HEADER + "\n");
        assertThat(RejectsSource.isTypedRows("manifests/seg/rejects-rows-3.jsonl")).isTrue();
        assertThat(RejectsSource.isTypedRows("manifests/seg/rejects-rows-x.jsonl")).isFalse();
    }

    @Test
    void write_lostRejectsFoundInALaterCall_failsAndDeletesTheEarlierSegments() {
        String source = fx.put("incoming/orders.csv", HEADER + "\n");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 1_000; i++) {
            lines.append(reject(source, i * 100L, i + 1, i + ",C" + i + ",1.00,2024-01-01,true", "validate"));
        }
        lines.append(reject(source, 1_001 * 100L, 1_002, "1001,****,1.00,2024-01-01,true", "validate"));
        fx.put("rejects/late/00000/validate/0-req", lines.toString());
        RejectsSource rs = new RejectsSource(fx.s3, 100);
        RejectsSource.Step first = rs.write(spec, "s3://" + fx.bucket + "/rejects/late/", "late-again", fx.bucket, null,
                null, stopAfter(3), 0);
        assertThat(keys("manifests/late-again/")).containsExactly("manifests/late-again/rejects-source.csv");

        assertLostAndNothingLeft(() -> rs.write(spec, "s3://" + fx.bucket + "/rejects/late/", "late-again", fx.bucket,
                null, first.cursor(), RemainingTime.unlimited(), 0), "late", 1, 1001);
    }

    @Test
    void prepare_moreRejectsThanOneCallTurns_continuesWithACursorThenPlansEverySegment() {
        Source plain = csv("s3://" + fx.bucket + "/incoming/orders.csv", 10, "P");
        fx.put("incoming/orders.csv", text(plain));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= RejectsSource.WINDOW; i++) {
            lines.append(reject(plain.uri(), plain.offsets().get(i % 10), i % 10 + 2, plain.rows().get(i % 10),
                    "validate"));
        }
        fx.put("rejects/big/00000/validate/0-req", lines.toString());
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("runId", "big-again");
        in.put("dataset", fx.putSpec("orders.spec.json"));
        in.put("source", "s3://" + fx.bucket + "/rejects/big/");
        in.put("sourceFormat", "rejects");
        Preparer preparer = new Preparer(fx.s3, fx.dynamo, fx.config);

        // no time left: the call stops after its first window of RejectsSource.WINDOW rejects
        PrepareOutput first = preparer.prepare(in, "req-1", () -> 0L);
        assertThat(first.done()).isFalse();
        assertThat(first.cursor().rejects().records()).isEqualTo(RejectsSource.WINDOW);
        in.set("cursor", Json.MAPPER.valueToTree(first.cursor()));
        PrepareOutput second = preparer.prepare(in, "req-2", RemainingTime.unlimited());

        assertThat(second.done()).isTrue();
        assertThat(second.objects()).isEqualTo(2);
        assertThat(keys("manifests/big-again/rejects-source")).containsExactly(
                "manifests/big-again/rejects-source-1.csv", "manifests/big-again/rejects-source.csv");
        assertThat(fx.s3.getObjectAsBytes(r -> r.bucket(fx.bucket).key("manifests/big-again/rejects-source-1.csv"))
                .asUtf8String()).isEqualTo(HEADER + "\n" + plain.rows().get(0) + "\n");
        assertThat(fx.lines("manifests/big-again/sources.json").getFirst().toString())
                .contains("rejects-source.csv").contains("rejects-source-1.csv");
    }

    @Test
    void write_lostRejectsInSeveralWindowsAfterAPartWasUploaded_failsWithTheirCountAndLeavesNoObject() {
        // the masked rejects' offsets lie past the end of their object: their originals cannot be read
        String source = fx.put("incoming/orders.csv", HEADER + "\n");
        String notes = "x".repeat(1_000);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 9_000; i++) {
            // 9 MB of records: more than one part of the streaming upload before the lost rejects are counted
            lines.append(reject(source, i * 100L, i + 1, i + ",C" + notes + ",1.00,2024-01-01,true", "validate"));
            if (i % 4_000 == 0) {
                lines.append(reject(source, i * 100L, i + 1, i + ",****,1.00,2024-01-01,true", "validate"));
            }
        }
        fx.put("rejects/lost/00000/validate/0-req", lines.toString());

        assertLostAndNothingLeft(() -> new RejectsSource(fx.s3, 1_000).write(spec,
                "s3://" + fx.bucket + "/rejects/lost/", "lost-again", fx.bucket, null), "lost", 2, 4001);
    }

    @Test
    void write_badLineInALaterWindow_failsInvalidInputNamingItAndLeavesNoObject() {
        Source plain = csv("s3://" + fx.bucket + "/incoming/orders.csv", 50, "P");
        fx.put("incoming/orders.csv", text(plain));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append(reject(plain.uri(), plain.offsets().get(i), i + 2, plain.rows().get(i), "validate"));
        }
        lines.append("{not json\n");
        fx.put("rejects/bad/00000/validate/0-req", lines.toString());

        assertThatThrownBy(() -> new RejectsSource(fx.s3, 10).write(spec, "s3://" + fx.bucket + "/rejects/bad/",
                "bad-again", fx.bucket, null))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("rejects/bad/00000/validate/0-req line 51 is not a reject line");
        assertThat(keys("manifests/bad-again/")).isEmpty();
    }

    @Test
    void write_onlyBlankLines_failsNothingToReprocess() {
        fx.put("rejects/empty/00000/validate/0-req", "\n\n");

        assertThatThrownBy(() -> new RejectsSource(fx.s3, 10).write(spec, "s3://" + fx.bucket + "/rejects/empty/",
                "empty-again", fx.bucket, null))
                .isInstanceOf(SourceNotFound.class)
                .hasMessageContaining("Nothing to reprocess in s3://" + fx.bucket + "/rejects/empty/: 1 reject file(s)");
        assertThat(keys("manifests/empty-again/")).isEmpty();
    }

    @Test
    void new_windowBelowOne_failsNamingIt() {
        assertThatThrownBy(() -> new RejectsSource(fx.s3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window and windowBytes must be at least 1, were 0 and");
    }

    @Test
    void write_largeRejectLines_windowEndsAtItsByteBoundWithTheSameBytes() {
        String source = fx.put("incoming/orders.csv", HEADER + "\n");
        String notes = "n".repeat(10_000);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            lines.append(reject(source, i, i + 1, i + ",C" + i + "," + notes + ",2024-01-01,true", "validate"));
        }
        fx.put("rejects/wide/00000/validate/0-req", lines.toString());
        String from = "s3://" + fx.bucket + "/rejects/wide/";
        RejectsSource.Result whole = new RejectsSource(fx.s3, 1_000).write(spec, from, "wide-whole", fx.bucket, null);
        RejectsSource bounded = new RejectsSource(fx.s3, 1_000, 50_000);

        RejectsSource.Result windowed = bounded.write(spec, from, "wide-bounded", fx.bucket, null);

        // lines of ~10.1 KB: a window ends at its fifth line (over 50,000 bytes), not at 1,000 lines
        assertThat(bounded.mostHeld()).isEqualTo(5);
        assertThat(windowed.records()).isEqualTo(40);
        assertThat(bytes(windowed.objects().getFirst())).isEqualTo(bytes(whole.objects().getFirst()));
    }
}
