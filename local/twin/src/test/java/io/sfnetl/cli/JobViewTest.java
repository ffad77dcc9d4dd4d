package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobViewTest {
    private static final String RECORD = """
            {"run":"night-a","dataset":"orders","status":"SUCCEEDED","startedAt":"2026-11-24T05:00:03.120Z",
             "finishedAt":"2026-11-24T05:03:10Z","timings":{"totalMillis":187000,"prepareMillis":1200,"mapMillis":180000,
             "finalizeMillis":5800},"spec":"s3://b/specs/orders.spec.json","specSha256":"ab12",
             "sources":[{"object":"s3://b/in/orders.csv","etag":"\\"e1\\"","versionId":"v7","size":1024}],
             "counts":{"read":1000,"valid":950,"rejected":50,"transformed":950,"loaded":940,"duplicates":10,"bytes":1024,
             "continuations":2},"chunks":3,"failedChunks":[],"rejectPercent":5.0,"maxRejectPercent":10,
             "rejects":"s3://b/rejects/night-a/",
             "rejectReasons":{"reasons":[{"reason":"field 'amount': '…' is not a decimal","count":40,
               "example":{"object":"s3://b/in/orders.csv","line":17}}]},
             "reprocessedBy":["night-a-fixed"]}
            """;

    private static String printed(java.util.function.Consumer<PrintStream> print) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        print.accept(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void print_fullRecord_showsSourcesCountsTimingsReasonsAndLinks() throws Exception {
        JsonNode job = JobView.JSON.readTree(RECORD);

        String text = printed(out -> JobView.print(job, out));

        assertThat(text).contains("s3://b/in/orders.csv  etag \"e1\"  version v7  1024 bytes",
                "read 1000, valid 950, rejected 50, loaded 940, duplicates 10, bytes 1024, continuations 2",
                "total 3m7s (prepare 1200 ms, chunks 180000 ms, finalize 5800 ms)",
                "40  field 'amount': '…' is not a decimal  (e.g. line 17 of s3://b/in/orders.csv)",
                "reprocessed by night-a-fixed");
    }

    @Test
    void list_oneLinePerRun_withTheReprocessingLink() throws Exception {
        ObjectNode job = (ObjectNode) JobView.JSON.readTree(RECORD);

        String text = printed(out -> JobsCommand.print(List.of(job), out));

        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().skip(1).findFirst().orElseThrow())
                .contains("night-a", "orders", "SUCCEEDED", "2026-11-24 05:00:03", "3m7s", "1000", "940", "50",
                        "reprocessed by night-a-fixed");
    }

    @Test
    void ageConverter_daysHoursMinutesAndIso_parse() {
        GcCommand.AgeConverter ages = new GcCommand.AgeConverter();

        assertThat(ages.convert("14d")).isEqualTo(Duration.ofDays(14));
        assertThat(ages.convert("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(ages.convert("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ages.convert("P2D")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> ages.convert("2 weeks"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'2 weeks' is not an age");
    }
}
