package io.sfnetl.cli;

import io.sfnetl.samples.OrdersGenerator;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code etl generate}: writes a deterministic orders CSV of any size, for tests and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a deterministic orders CSV (the layout of samples/orders/orders.spec.json) with a chosen share of bad rows.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--rows", required = true, description = "Number of data rows (the header is extra).")
    long rows;

    @Option(names = "--out", required = true, description = "Output file; a name ending in .gz is gzip-compressed.")
    Path out;

    @Option(names = "--bad-rate", defaultValue = "0.02", description = "Share of invalid rows, 0..1 (default: ${DEFAULT-VALUE}).")
    double badRate;

    @Option(names = "--duplicate-rate", defaultValue = "0.01", description = "Share of rows repeating an earlier order id (default: ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--multiline-notes", description = "Put line breaks inside some quoted notes (forces a sequential scan).")
    boolean multiline;

    @Override
    public Integer call() throws Exception {
        var options = new OrdersGenerator.Options(rows, badRate, duplicateRate, seed, multiline);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        var raw = Files.newOutputStream(out);
        var stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            var summary = OrdersGenerator.write(options, w);
            System.err.printf("wrote %s: %d rows (%d bad, %d duplicate ids)%n", out, summary.rows(), summary.bad(), summary.duplicates());
        }
        return 0;
    }
}
