package io.sfnetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.S3ObjectStore;
import io.sfnetl.local.twin.TwinTaskInvoker;
import io.sfnetl.samples.OrdersGenerator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workflow benchmark of issue 5: one real run of {@code statemachine/etl.asl.json} on the in-memory twin over the
 * generated orders sample, reporting chunks, state transitions (states entered, parent and children), the parent's
 * history events, continuations and wall time, and the same figures extrapolated to 1e9 rows.
 * Usage: {@code bench/run workflow [--rows 1000000] [--chunk-bytes N] [--max-concurrency N]}.
 */
public final class WorkflowBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        long rows = longArg(args, "--rows", 1_000_000);
        long chunkBytes = longArg(args, "--chunk-bytes", -1);
        long maxConcurrency = longArg(args, "--max-concurrency", -1);
        Path file = Path.of("bench/out/orders-" + rows + ".csv");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                OrdersGenerator.write(new OrdersGenerator.Options(rows, 0.02, 0.01, 42, false), w);
            }
        }
        Path home = Path.of("").toAbsolutePath();
        try (LocalTwin twin = LocalTwin.start(new LocalTwin.Options(home, null, 1.0))) {
            ObjectNode in = JSON.createObjectNode();
            in.put("dataset", twin.upload(home.resolve("samples/orders/orders.spec.json"), "specs"));
            in.put("source", twin.upload(file, "incoming/orders"));
            in.put("maxRejectPercent", 10);
            if (chunkBytes > 0) {
                in.put("chunkBytes", chunkBytes);
            }
            if (maxConcurrency >= 0) {
                in.put("maxConcurrency", maxConcurrency);
            }
            StateMachine machine = StateMachine.parse(Files.readString(home.resolve("statemachine/etl.asl.json")),
                    twin.substitutions()).withName("sfn-etl");
            AtomicLong transitions = new AtomicLong();
            Map<String, Execution> children = new ConcurrentHashMap<>();
            S3ObjectStore store = new S3ObjectStore(twin.services().s3Client());
            Engine engine = Engine.builder().taskInvoker(new TwinTaskInvoker(twin.lambdas(), twin.mapper()))
                    .itemReaderSource(store).resultWriterSink(store).arnParts(LocalTwin.REGION, LocalTwin.ACCOUNT)
                    .listener((e, ev) -> {
                        if (ev.type().endsWith("StateEntered")) {
                            transitions.incrementAndGet();
                        }
                        if (e.parentArn() != null) {
                            children.putIfAbsent(e.executionArn(), e);
                        }
                    }).build();
            long t0 = System.nanoTime();
            Execution e = engine.start(machine, "bench-" + rows, in);
            while (!e.await(Duration.ofSeconds(30))) {
                System.err.printf(Locale.ROOT, "  ... %d s, %d transitions, %d chunks started%n",
                        (System.nanoTime() - t0) / 1_000_000_000L, transitions.get(), children.size());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (e.output() == null) {
                System.out.println("run " + e.status() + ": " + e.error() + " " + e.cause());
                System.exit(1);
            }
            JsonNode out = JSON.readTree(e.output());
            JsonNode c = out.path("counts");
            long chunks = out.path("chunks").asLong();
            long parentEvents = e.history().size();
            long childEvents = children.values().stream().mapToLong(k -> k.history().size()).sum();
            long maxChildEvents = children.values().stream().mapToLong(k -> k.history().size()).max().orElse(0);
            long bytes = Files.size(file);
            System.out.printf(Locale.ROOT, "rows %d, %.1f MiB, chunkBytes %s, chunks %d, continuations %d%n", rows,
                    bytes / 1048576.0, chunkBytes > 0 ? chunkBytes : "default", chunks, c.path("continuations").asLong());
            System.out.printf(Locale.ROOT, "counts: read %d, loaded %d, rejected %d, duplicates %d%n",
                    c.path("read").asLong(), c.path("loaded").asLong(), c.path("rejected").asLong(),
                    c.path("duplicates").asLong());
            System.out.printf(Locale.ROOT, "state transitions %d (parent %d), parent history events %d, child history"
                            + " events %d (max %d per child), wall time %.1f s (%.0f rows/s)%n", transitions.get(),
                    e.history().stream().filter(ev -> ev.type().endsWith("StateEntered")).count(), parentEvents,
                    childEvents, maxChildEvents, seconds, rows / seconds);
            double factor = 1e9 / rows;
            long chunks1e9 = (long) Math.ceil(chunks * factor);
            double perChunk = chunks == 0 ? 0 : (double) (transitions.get() - 7) / chunks;
            System.out.printf(Locale.ROOT, "extrapolated to 1e9 rows (%.1f GiB): chunks %d, transitions ~%d, parent "
                            + "history events %d (does not grow with chunks), child history events ~%d each%n",
                    bytes * factor / 1073741824.0, chunks1e9, (long) (7 + perChunk * chunks1e9), parentEvents,
                    chunks == 0 ? 0 : childEvents / chunks);
            long defaultChunkBytes = twin.etlConfig().defaults().chunkBytes();
            long chunksAtDefault = (long) Math.ceil(bytes * factor / defaultChunkBytes);
            System.out.printf(Locale.ROOT, "  at the default chunk size (%d MiB): chunks %d, transitions ~%d%n",
                    defaultChunkBytes / 1048576, chunksAtDefault, (long) (7 + perChunk * chunksAtDefault));
        }
    }

    private static long longArg(String[] args, String name, long dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return dflt;
    }
}
