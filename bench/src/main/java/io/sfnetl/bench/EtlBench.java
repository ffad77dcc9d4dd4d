package io.sfnetl.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.read.RecordReader;
import io.sfnetl.etl.read.RecordReaders;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import io.sfnetl.samples.OrdersGenerator;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The ETL core benchmark of issue 2, in one run on one generated file:
 * <ol>
 *   <li>(a) Validate+Transform throughput (our readers, rules, transforms and the JSON Lines staging output)
 *       against the raw parse speed of the same file with the same CSV library (FastCSV), as a ratio;</li>
 *   <li>peak heap of (a): bounded by a record, not by the file.</li>
 * </ol>
 * The Load benchmark against a plain BatchWriteItem loop follows once the loader lands.
 * Usage: {@code bench/run etl [--rows N] [--repeat K]}.
 */
public final class EtlBench {
    public static void main(String[] args) throws Exception {
        long rows = longArg(args, "--rows", 1_000_000);
        int repeat = (int) longArg(args, "--repeat", 3);
        Path file = Path.of("bench/out/orders-" + rows + ".csv");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                OrdersGenerator.write(new OrdersGenerator.Options(rows, 0.02, 0.01, 42, false), w);
            }
        }
        long size = Files.size(file);
        DatasetSpec spec;
        try (InputStream in = Files.newInputStream(Path.of("samples/orders/orders.spec.json"))) {
            spec = SpecParser.parse(in, "samples/orders/orders.spec.json");
        }
        System.out.printf(Locale.ROOT, "file: %s, %d rows, %.1f MiB; JVM %s, max heap %s%n", file, rows,
                size / 1048576.0, Runtime.version(), Heap.mib(Runtime.getRuntime().maxMemory()));

        double bestRaw = Double.MAX_VALUE;
        double bestEtl = Double.MAX_VALUE;
        long peakEtl = 0;
        long rawRecords = 0;
        long[] counts = new long[3];
        for (int i = 0; i <= repeat; i++) {   // run 0 is the warm-up
            long t0 = System.nanoTime();
            rawRecords = rawParse(file);
            double raw = (System.nanoTime() - t0) / 1e9;
            Heap.reset();
            t0 = System.nanoTime();
            counts = validateTransform(spec, file);
            double etl = (System.nanoTime() - t0) / 1e9;
            long peak = Heap.peakBytes();
            if (i > 0) {
                bestRaw = Math.min(bestRaw, raw);
                bestEtl = Math.min(bestEtl, etl);
                peakEtl = Math.max(peakEtl, peak);
            }
            System.out.printf(Locale.ROOT, "  run %d%s: raw FastCSV %.2f s, validate+transform %.2f s%n", i,
                    i == 0 ? " (warm-up)" : "", raw, etl);
        }
        System.out.printf(Locale.ROOT, "raw FastCSV parse:    %,.0f rows/s (%d records, best of %d)%n",
                rawRecords / bestRaw, rawRecords, repeat);
        System.out.printf(Locale.ROOT, "validate+transform:   %,.0f rows/s (valid %d, rejected %d, transform-failed %d)%n",
                rows / bestEtl, counts[0], counts[1], counts[2]);
        System.out.printf(Locale.ROOT, "ratio (a) = %.2f (target >= 0.5)%n", bestRaw / bestEtl);
        System.out.printf(Locale.ROOT, "peak heap during validate+transform: %s (file %.1f MiB)%n", Heap.mib(peakEtl),
                size / 1048576.0);
        if (counts[0] + counts[1] + counts[2] != rows) {
            throw new IllegalStateException("counts do not reconcile: " + counts[0] + "+" + counts[1] + "+" + counts[2] + " != " + rows);
        }
    }

    /** The baseline: FastCSV over the same file, touching every field. */
    static long rawParse(Path file) throws Exception {
        long n = 0;
        long chars = 0;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
                     .ofCsvRecord(r)) {
            for (CsvRecord rec : csv) {
                for (int i = 0; i < rec.getFieldCount(); i++) {
                    chars += rec.getField(i).length();
                }
                n++;
            }
        }
        if (chars == 0) {
            throw new IllegalStateException("empty parse");
        }
        return n - 1;   // the header
    }

    /** What Validate and Transform do per row, writing staging JSON Lines to a discarding stream. */
    static long[] validateTransform(DatasetSpec spec, Path file) throws Exception {
        RowValidator validator = RowValidator.of(spec);
        RowTransformer transformer = RowTransformer.of(spec);
        ObjectMapper mapper = new ObjectMapper();
        long valid = 0;
        long rejected = 0;
        long failed = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             RecordReader reader = RecordReaders.open(spec, in, ReadRange.whole());
             JsonGenerator out = mapper.createGenerator(OutputStream.nullOutputStream())) {
            SourceRecord r;
            while ((r = reader.next()) != null) {
                switch (validator.validate(r)) {
                    case Validation.Valid v -> {
                        switch (transformer.transform(v.row())) {
                            case Transformed.Ok ok -> {
                                out.writeTree(ok.item());
                                out.writeRaw('\n');
                                valid++;
                            }
                            case Transformed.Failed f -> failed++;
                        }
                    }
                    case Validation.Invalid inv -> rejected++;
                }
            }
        }
        return new long[] {valid, rejected, failed};
    }

    static long longArg(String[] args, String name, long dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1].replace("_", ""));
            }
        }
        return dflt;
    }
}
