package io.sfnetl.local.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's prices and throughputs files load; broken ones name every problem. */
class InputFilesTest {

    private static final Path ROOT = root();

    @TempDir
    Path dir;

    @Test
    void load_repositoryFiles_haveDateRegionAndPositiveThroughputs() {
        Prices p = Prices.load(ROOT.resolve("config/prices.json"));
        assertThat(p.region()).isEqualTo("us-east-1");
        assertThat(p.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(p.perThousandStateTransitions()).isEqualTo(0.025);
        Throughputs t = Throughputs.load(ROOT.resolve("bench/throughputs.json"));
        assertThat(t.validateBytesPerSecond()).isPositive();
        assertThat(t.loadItemsPerSecond()).isPositive();
    }

    @Test
    void load_missingAndNegativeValues_listsEveryLocation() throws IOException {
        Path f = Files.writeString(dir.resolve("prices.json"), "{\"region\":\"us-east-1\",\"lambda\":{\"perGbSecond\":-1}}");
        assertThatThrownBy(() -> Prices.load(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid " + f)
                .hasMessageContaining("/asOf: must be the date")
                .hasMessageContaining("/lambda/perGbSecond: must be a non-negative number, got -1")
                .hasMessageContaining("/s3/perThousandGetRequests: must be a non-negative number, got nothing");
    }

    @Test
    void load_missingFile_saysWhereToRun() {
        assertThatThrownBy(() -> Throughputs.load(dir.resolve("none.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throughputs file not found: " + dir.resolve("none.json"));
    }

    @Test
    void throughputs_zeroRate_isRejected() throws IOException {
        Path f = Files.writeString(dir.resolve("t.json"), "{\"prepare\":{\"bytesPerSecond\":1},\"validate\":{\"bytesPerSecond\":0},"
                + "\"transform\":{\"bytesPerSecond\":1},\"load\":{\"itemsPerSecond\":1},\"invocationOverheadMillis\":0,"
                + "\"finalize\":{\"millisPerChunk\":0}}");
        assertThatThrownBy(() -> Throughputs.load(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validate.bytesPerSecond must be positive, got 0.0");
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/pipeline.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("no config/pipeline.json above " + Path.of("").toAbsolutePath());
    }
}
