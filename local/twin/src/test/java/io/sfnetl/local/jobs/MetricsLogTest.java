package io.sfnetl.local.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.etl.log.Metrics;
import io.sfnetl.etl.log.Metrics.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @Test
    void read_functionLogWithEmfAndOtherLines_returnsOnlyTheMetricPoints(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-11-24T05:00:00Z");
        String a = Metrics.of("orders", "load").put("RowsLoaded", Unit.COUNT, 250).property("run", "night")
                .property("chunk", "00001").toJson(t).toString();
        String b = Metrics.of("orders", "load").put("RowsLoaded", Unit.COUNT, 100).property("run", "night")
                .toJson(t.plusSeconds(1)).toString();
        String other = Metrics.of("orders", "load").put("RowsLoaded", Unit.COUNT, 7).property("run", "other")
                .toJson(t).toString();
        Path log = dir.resolve("functions.log");
        Files.writeString(log, String.join("\n", "{\"level\":\"INFO\",\"message\":\"load done\"}", a, "not json", b,
                other) + "\n");

        List<MetricsLog.Point> points = MetricsLog.read(log);

        assertThat(points).hasSize(3);
        assertThat(points.getFirst().time()).isEqualTo(t);
        assertThat(points.getFirst().chunk()).isEqualTo("00001");
        assertThat(points.getFirst().values()).containsEntry("RowsLoaded", 250.0);
        assertThat(MetricsLog.sum(points, "night", "load", "RowsLoaded")).isEqualTo(350.0);
    }

    @Test
    void read_noLogYet_noPoints(@TempDir Path dir) {
        assertThat(MetricsLog.read(dir.resolve("logs/functions.log"))).isEmpty();
    }
}
