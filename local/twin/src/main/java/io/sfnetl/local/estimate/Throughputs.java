package io.sfnetl.local.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-invocation throughputs of the functions, from {@code bench/throughputs.json} (cited by bench/RESULTS.md): what
 * one Lambda invocation at its configured memory gets through per second of work.
 *
 * @param prepareBytesPerSecond Prepare's planning scan over the source (it counts lines once for exact reject line
 *     numbers), source bytes per second
 * @param validateBytesPerSecond Validate: source bytes parsed and checked per second
 * @param transformBytesPerSecond Transform: source-equivalent bytes transformed per second
 * @param loadItemsPerSecond Load: DynamoDB items written per second (BatchWriteItem, the function's parallelism)
 * @param invocationOverheadMillis fixed cost of every invocation besides its work: reading the spec, opening and
 *     flushing parts, returning (billed, and on the critical path)
 * @param finalizeMillisPerChunk Finalize's work per chunk result it reads
 */
public record Throughputs(double prepareBytesPerSecond, double validateBytesPerSecond, double transformBytesPerSecond,
                          double loadItemsPerSecond, double invocationOverheadMillis, double finalizeMillisPerChunk) {

    public Throughputs {
        positive("prepare.bytesPerSecond", prepareBytesPerSecond);
        positive("validate.bytesPerSecond", validateBytesPerSecond);
        positive("transform.bytesPerSecond", transformBytesPerSecond);
        positive("load.itemsPerSecond", loadItemsPerSecond);
        if (invocationOverheadMillis < 0 || finalizeMillisPerChunk < 0) {
            throw new IllegalArgumentException("invocationOverheadMillis and finalizeMillisPerChunk must be >= 0");
        }
    }

    /** Reads {@code bench/throughputs.json}; every missing or non-positive value is reported at once. */
    public static Throughputs load(Path file) {
        JsonNode root = Json.read(file, "throughputs");
        List<String> problems = new ArrayList<>();
        Throughputs t = new Throughputs(
                Json.number(root, "/prepare/bytesPerSecond", problems),
                Json.number(root, "/validate/bytesPerSecond", problems),
                Json.number(root, "/transform/bytesPerSecond", problems),
                Json.number(root, "/load/itemsPerSecond", problems),
                Json.number(root, "/invocationOverheadMillis", problems),
                Json.number(root, "/finalize/millisPerChunk", problems));
        Json.check(file, problems);
        return t;
    }

    private static void positive(String name, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
