package io.sfnetl.local.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sfnetl.local.estimate.Estimator.Estimate;
import io.sfnetl.local.estimate.Estimator.Function;
import io.sfnetl.local.estimate.Estimator.Pipeline;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimate's arithmetic against hand-computed values (the working is in each test's comments). */
class EstimatorTest {

    private static final Prices PRICES = new Prices("us-east-1", "2026-11-24", 0.00001, 0.2, 0.025, 0.625, 0.005, 0.0004);
    // prepare 10 MB/s, validate 1 MB/s, transform 0.25 MB/s, load 1,000 items/s, 1 s overhead, finalize 0.5 s/chunk
    private static final Throughputs THROUGHPUTS = new Throughputs(10e6, 1e6, 0.25e6, 1000, 1000, 500);

    /** 30 MB chunks, 3 at a time, 10 s margin, every timeout 100 s (90 s usable); Load has 2048 MB, the rest 1024. */
    private static Pipeline pipeline() {
        Function f = new Function(1024, 100);
        return new Pipeline(30_000_000, 3, 10_000, Map.of("Prepare", f, "Validate", f, "Transform", f,
                "Load", new Function(2048, 100), "Finalize", f), 7, 9);
    }

    @Test
    void estimate_millionRowsInFourChunks_matchesTheHandComputation() {
        Estimate e = Estimator.estimate(1_000_000, 100, pipeline(), THROUGHPUTS, PRICES);

        // S = 100,000,000 B; K = ceil(100e6 / 30e6) = 4 chunks of 25e6 B and 250,000 rows
        assertThat(e.sourceBytes()).isEqualTo(100_000_000L);
        assertThat(e.chunks()).isEqualTo(4);
        // per chunk: validate 25 s -> 1 invocation; transform 100 s -> ceil(100/90) = 2; load 250 s -> ceil(250/90) = 3
        // prepare 10 s -> 1; finalize 1
        assertThat(e.usage().get("Prepare").invocations()).isEqualTo(1);
        assertThat(e.usage().get("Validate").invocations()).isEqualTo(4);
        assertThat(e.usage().get("Transform").invocations()).isEqualTo(8);
        assertThat(e.usage().get("Load").invocations()).isEqualTo(12);
        assertThat(e.usage().get("Finalize").invocations()).isEqualTo(1);
        assertThat(e.invocations()).isEqualTo(26);
        // billed: prepare 10+1 = 11 s; validate 4 x (25+1) = 104; transform 4 x (100+2) = 408; load 4 x (250+3) = 1012
        // at 2 GB = 2024 GB-s; finalize 1 + 4 x 0.5 = 3 s
        assertThat(e.usage().get("Load").billedSeconds()).isCloseTo(1012, within(1e-9));
        assertThat(e.usage().get("Load").gbSeconds()).isCloseTo(2024, within(1e-9));
        assertThat(e.gbSeconds()).isCloseTo(11 + 104 + 408 + 2024 + 3, within(1e-9));
        // 7 parent states + 4 chunks x (9 child states + 2 x (0 + 1 + 2) continuations) = 67
        assertThat(e.stateTransitions()).isEqualTo(67);
        // one 1 KB unit per row (100 B items) + 2 job-record writes
        assertThat(e.writeRequestUnits()).isEqualTo(1_000_002);
        // 24 stage invocations: PUT 5 + 0 + 24 x 2 + 2 + 2 = 57; GET 2 x 1 + 24 x 2 + 1 + 3 = 54
        assertThat(e.s3Puts()).isEqualTo(57);
        assertThat(e.s3Gets()).isEqualTo(54);
        // 11 + ceil(4/3) = 2 waves x (26 + 102 + 253) + 3 = 776 s
        assertThat(e.wallSeconds()).isCloseTo(776, within(1e-9));
        // min(4 chunks, 3) Loads at once x 1,000 items/s x 1 unit
        assertThat(e.peakWriteUnitsPerSecond()).isCloseTo(3000, within(1e-9));
        // Lambda 2550 x 0.00001 + 26 x 0.2e-6; SFN 67 x 0.025/1000; DynamoDB 1,000,002 x 0.625e-6; S3 57 x 0.005/1000 + 54 x 0.0004/1000
        assertThat(e.lambdaCost()).isCloseTo(0.0255052, within(1e-12));
        assertThat(e.stepFunctionsCost()).isCloseTo(0.001675, within(1e-12));
        assertThat(e.dynamoDbCost()).isCloseTo(0.62500125, within(1e-12));
        assertThat(e.s3Cost()).isCloseTo(0.0003066, within(1e-12));
        assertThat(e.costPerRun()).isCloseTo(0.65248805, within(1e-12));
        assertThat(e.costPerMonth()).isCloseTo(30 * 0.65248805, within(1e-9));
    }

    @Test
    void estimate_oneLargeRow_oneChunkOneInvocationEachAndThreeUnitsPerItem() {
        Estimate e = Estimator.estimate(1, 2500, pipeline(), THROUGHPUTS, PRICES);

        assertThat(e.chunks()).isEqualTo(1);
        assertThat(e.invocations()).isEqualTo(5);
        // 7 + 1 x 9
        assertThat(e.stateTransitions()).isEqualTo(16);
        // ceil(2500 / 1024) = 3 units + 2 job-record writes
        assertThat(e.writeRequestUnits()).isEqualTo(5);
        // one Load at once x 1,000 items/s x 3 units
        assertThat(e.peakWriteUnitsPerSecond()).isCloseTo(3000, within(1e-9));
    }

    @Test
    void estimate_sourceOfExactlyOneChunk_isOneChunk() {
        assertThat(Estimator.estimate(300_000, 100, pipeline(), THROUGHPUTS, PRICES).chunks()).isEqualTo(1);
        assertThat(Estimator.estimate(300_001, 100, pipeline(), THROUGHPUTS, PRICES).chunks()).isEqualTo(2);
    }

    @Test
    void estimate_zeroRows_isRejected() {
        assertThatThrownBy(() -> Estimator.estimate(0, 100, pipeline(), THROUGHPUTS, PRICES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rows and --row-bytes must be at least 1, got 0 and 100");
    }

    @Test
    void pipeline_timeoutNotAboveTheSafetyMargin_isRejected() {
        Function f = new Function(1024, 10);
        assertThatThrownBy(() -> new Pipeline(1024, 1, 10_000, Map.of("Prepare", f, "Validate", f, "Transform", f,
                "Load", f, "Finalize", f), 7, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Prepare's timeout (10 s) must be above the safety margin (10000 ms)");
    }

    @Test
    void pipeline_missingFunction_isNamed() {
        Function f = new Function(1024, 100);
        assertThatThrownBy(() -> new Pipeline(1024, 1, 10_000, Map.of("Prepare", f), 7, 9))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no function Validate configured");
    }
}
