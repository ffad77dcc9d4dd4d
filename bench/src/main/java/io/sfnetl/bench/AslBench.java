package io.sfnetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.ExecutionListener;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.InMemoryObjectStore;
import io.sfnetl.asl.ResultWriterSink;
import io.sfnetl.asl.StateMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The ASL engine benchmark of issue 3, in one run, on the definitions of {@code bench/asl/}:
 * <ol>
 *   <li>(a) an inline Map of Pass states over 10,000 items;</li>
 *   <li>(b) a Choice loop of 1,000 iterations (Pass + States.MathAdd, Choice NumericLessThanPath);</li>
 *   <li>(c) a Distributed Map over a 100,000-item JSON array read by its ItemReader, ItemBatcher 100 items per
 *       child execution, a Pass per child, results to a ResultWriter; and its heap at 10,000 and 100,000 items.</li>
 * </ol>
 * Each case is measured as state transitions per second: a transition is a {@code *StateEntered} history event,
 * counted by the engine's listener over the execution and, for (c), its child executions. Best of {@code --runs}
 * after {@code --warmup} runs. The same cases run on the npm package aws-local-stepfunctions ({@code
 * bench/node/bench.mjs}, which has no Distributed Map: (c) runs there as an inline Map over the same batches) when
 * {@code node} and {@code bench/node/node_modules} are present; the ratios Java/Node are printed.
 * Warm-up matters: the JIT needs ~10 runs before the numbers settle. (b) is short and gets ten times the runs on both
 * sides; so does (c), five times (its JVM runs take 10-20 ms: ten warm-ups leave part of its path to the
 * interpreter); Node's (a) takes seconds a run, so it gets 3 warm-up runs and 5 measured ones. Usage: {@code bench/run asl [--runs 10] [--warmup 10] [--no-node] [--only c]}
 * ({@code --only c}: case (c)'s throughput alone, on both sides, without the heap runs).
 */
public final class AslBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFINITIONS = Path.of("bench/asl");
    private static final Path NODE_SCRIPT = Path.of("bench/node/bench.mjs");
    private static final Path NODE_PACKAGE = Path.of("bench/node/node_modules/aws-local-stepfunctions/package.json");
    private static final int INLINE_ITEMS = 10_000;
    private static final int LOOP_ITERATIONS = 1_000;
    private static final int DISTRIBUTED_ITEMS = 100_000;
    private static final int DISTRIBUTED_SMALL = 10_000;
    private static final int BATCH = 100;
    /** (c) gets this many times {@code --runs} and {@code --warmup}, on both sides. */
    private static final int C_RUNS_FACTOR = 5;

    private AslBench() {
    }

    /**
     * One measured case: the best wall time over the runs, the transitions of a run, and the process's CPU time (all
     * threads: engine, GC, JIT) per measured run, which other processes on the machine disturb less than wall time.
     */
    record Measure(long transitions, double bestSeconds, long items, double cpuMillisPerRun) {
        double transitionsPerSecond() {
            return transitions / bestSeconds;
        }
    }

    /**
     * Heap of one Distributed Map run: live heap before the run and at mid-run (each after a full GC), the largest
     * post-GC heap during the run, and the pools' peak (garbage included).
     */
    record HeapMeasure(long items, long baselineBytes, long midRunLiveBytes, long maxAfterGcBytes, long poolPeakBytes) {
    }

    public static void main(String[] args) throws Exception {
        int runs = (int) longArg(args, "--runs", 10);
        int warmup = (int) longArg(args, "--warmup", 10);
        boolean withNode = !List.of(args).contains("--no-node");
        String only = List.of(args).contains("--only") ? args[List.of(args).indexOf("--only") + 1] : "abc";
        if (!"abc".contains(only)) {
            throw new IllegalArgumentException("--only takes a, b or c (a case), not '" + only + "'");
        }
        System.out.printf(Locale.ROOT, "JVM %s (%s), max heap %s, %d processors%n", Runtime.version(),
                System.getProperty("java.vm.name"), Heap.mib(Runtime.getRuntime().maxMemory()),
                Runtime.getRuntime().availableProcessors());
        System.out.println("load average at start (other processes share these cores): " + loadAverage());

        Counter counter = new Counter();
        InMemoryObjectStore store = new InMemoryObjectStore();
        CountingSink sink = new CountingSink();
        // An engine keeps every top-level execution it ran (DescribeExecution, redrive): each run gets a new engine,
        // built before its clock starts, so that earlier runs' histories neither fill the heap nor weigh on later
        // garbage collections.
        Supplier<Engine> distributedEngine = () -> Engine.builder().itemReaderSource(store).resultWriterSink(sink)
                .waitTimeScale(0).listener(counter).build();

        StateMachine inlineMap = machine("inline-map.asl.json");
        StateMachine choiceLoop = machine("choice-loop.asl.json");
        StateMachine distributedMap = machine("distributed-map.asl.json");
        ObjectNode inlineInput = JSON.createObjectNode();
        inlineInput.set("items", items(INLINE_ITEMS));
        ObjectNode loopInput = JSON.createObjectNode().put("n", LOOP_ITERATIONS);
        for (int n : new int[] {DISTRIBUTED_SMALL, DISTRIBUTED_ITEMS}) {
            store.put("bench", key(n), JSON.writeValueAsString(items(n)));
        }
        ObjectNode distributedInput = JSON.createObjectNode().put("key", key(DISTRIBUTED_ITEMS));

        Measure a = null;
        Measure b = null;
        if (only.contains("a")) {
            a = measure("(a) inline Map, 10,000 x Pass",
                    // 10,000 iterations record 40,000+ events: past the 25,000-event quota that AWS (and the engine by
                    // default) enforces on one history. The benchmark lifts the quota for (a) only.
                    () -> Engine.builder().waitTimeScale(0).listener(counter).maxHistoryEvents(Integer.MAX_VALUE).build(),
                    inlineMap, inlineInput, counter, warmup, runs, INLINE_ITEMS, 10_001);
        }
        // (b) takes ~10 ms a run: ten times the runs, so that a quiet moment of the shared machine is among them
        if (only.contains("b")) {
            b = measure("(b) Choice loop, 1,000 iterations",
                    () -> Engine.builder().waitTimeScale(0).listener(counter).build(), choiceLoop, loopInput, counter,
                    10 * warmup, 10 * runs, LOOP_ITERATIONS, 2 + 2 * LOOP_ITERATIONS);
        }
        Measure c = null;
        // (c) takes ~10-20 ms a run on the JVM: like (b), more runs (on both sides), so that the JIT has compiled its
        // hot path before the measured runs and a quiet moment of the shared machine is among them
        int cWarmup = C_RUNS_FACTOR * warmup;
        int cRuns = C_RUNS_FACTOR * runs;
        if (only.contains("c")) {
            c = measure("(c) Distributed Map, 100,000 items / 100 per batch", distributedEngine, distributedMap,
                    distributedInput, counter, cWarmup, cRuns, DISTRIBUTED_ITEMS, 1 + DISTRIBUTED_ITEMS / BATCH);
            System.out.printf(Locale.ROOT, "    ResultWriter wrote %,d objects, %.1f MiB per run (discarded: results live in"
                    + " S3, not in the engine's heap)%n", sink.objects.sum() / (cWarmup + cRuns), sink.bytes.sum()
                    / (cWarmup + cRuns) / 1048576.0);
        }

        List<HeapMeasure> heaps = new ArrayList<>();
        if (only.equals("abc")) {
            LiveHeap live = LiveHeap.install();
            for (int n : new int[] {DISTRIBUTED_SMALL, DISTRIBUTED_ITEMS}) {
                heaps.add(heap(distributedEngine.get(), distributedMap, n, counter, live));
            }
        }

        JsonNode nodeA = null;
        JsonNode nodeB = null;
        JsonNode nodeC = null;
        List<JsonNode> nodeHeaps = new ArrayList<>();
        if (withNode && nodeAvailable()) {
            if (a != null) {
                nodeA = node("a", "--items", INLINE_ITEMS, "--runs", Math.min(runs, 5), "--warmup", Math.min(warmup, 3));
            }
            if (b != null) {
                nodeB = node("b", "--n", LOOP_ITERATIONS, "--runs", 10 * runs, "--warmup", 10 * warmup);
            }
            if (c != null) {
                nodeC = node("c", "--items", DISTRIBUTED_ITEMS, "--runs", cRuns, "--warmup", cWarmup);
            }
            for (int i = 0; i < heaps.size(); i++) {
                nodeHeaps.add(node("c", "--items", heaps.get(i).items(), "--runs", 1, "--warmup", 0, "--heap"));
            }
        }

        System.out.println();
        System.out.println("| case | transitions | sfn-etl best s | sfn-etl transitions/s | aws-local-stepfunctions best s"
                + " | aws-local-stepfunctions transitions/s | sfn-etl / aws-local-stepfunctions | CPU ms a run, sfn-etl /"
                + " aws-local-stepfunctions |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        if (a != null) {
            row("(a) inline Map, 10,000 x Pass", a, nodeA);
        }
        if (b != null) {
            row("(b) Choice loop, 1,000 iterations", b, nodeB);
        }
        if (c != null) {
            row("(c) Distributed Map, 100,000 items, batches of 100 (Node: inline Map over the same 1,000 batches)", c,
                    nodeC);
        }
        if (!heaps.isEmpty()) {
            System.out.println();
            System.out.println("| (c) items | sfn-etl live heap mid-run (held by the run) | sfn-etl max heap after GC"
                    + " | sfn-etl heap pool peak | aws-local-stepfunctions live heap mid-run (held by the run)"
                    + " | aws-local-stepfunctions peak RSS |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < heaps.size(); i++) {
                HeapMeasure h = heaps.get(i);
                JsonNode nh = i < nodeHeaps.size() ? nodeHeaps.get(i) : null;
                System.out.printf(Locale.ROOT, "| %,d | %s (+%s) | %s | %s | %s | %s |%n", h.items(),
                        Heap.mib(h.midRunLiveBytes()), Heap.mib(h.midRunLiveBytes() - h.baselineBytes()),
                        Heap.mib(h.maxAfterGcBytes()), Heap.mib(h.poolPeakBytes()),
                        nh == null ? "-" : Heap.mib(nh.path("midRunLiveHeapBytes").asLong()) + " (+" + Heap.mib(
                                nh.path("midRunLiveHeapBytes").asLong() - nh.path("baselineHeapBytes").asLong()) + ")",
                        nh == null ? "-" : Heap.mib(nh.path("peakRssBytes").asLong()));
            }
        }
        if (nodeA == null && nodeB == null && nodeC == null) {
            System.out.println();
            System.out.println("aws-local-stepfunctions not run (--no-node, or no `node` / bench/node/node_modules: "
                    + "npm ci --prefix bench/node)");
        }
    }

    private static Measure measure(String label, Supplier<Engine> engines, StateMachine machine, JsonNode input, Counter counter,
            int warmup, int runs, long items, long expectedTransitions) {
        double best = Double.MAX_VALUE;
        long transitions = 0;
        long cpu = 0;
        for (int i = 0; i < warmup + runs; i++) {
            counter.reset(-1);
            Engine engine = engines.get();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Execution e = engine.start(machine, "bench-" + label.charAt(1) + "-" + i, input).await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) {
                cpu += processCpuNanos() - cpu0;
            }
            check(label, e);
            transitions = counter.transitions.sum();
            if (transitions != expectedTransitions) {
                throw new IllegalStateException(label + ": counted " + transitions + " transitions, expected "
                        + expectedTransitions + "; the definition or the engine's events changed");
            }
            if (i >= warmup) {
                best = Math.min(best, seconds);
            }
        }
        Measure m = new Measure(transitions, best, items, cpu / 1e6 / runs);
        System.out.printf(Locale.ROOT, "%-52s %,9d transitions, best %.3f s of %d: %,12.0f transitions/s, %,12.0f items/s,"
                + " CPU %.1f ms a run%n", label, transitions, best, runs, m.transitionsPerSecond(), items / best,
                m.cpuMillisPerRun());
        return m;
    }

    /** CPU time of this process so far (all threads). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One run of (c) over {@code n} items, with a full GC when half the child executions have succeeded. */
    private static HeapMeasure heap(Engine engine, StateMachine machine, int n, Counter counter, LiveHeap live)
            throws Exception {
        Heap.reset();
        long baseline = usedHeapBytes();
        live.reset();
        counter.reset(n / BATCH / 2);
        Execution e = engine.start(machine, "heap-" + n, JSON.createObjectNode().put("key", key(n))).await();
        check("(c) heap, " + n + " items", e);
        long peak = Heap.peakBytes();
        HeapMeasure h = new HeapMeasure(n, baseline, counter.probedBytes, live.maxBytes(), peak);
        System.out.printf(Locale.ROOT, "(c) heap at %,7d items: live before %s, live mid-run %s (+%s), max after GC %s,"
                + " pool peak %s%n", n, Heap.mib(baseline), Heap.mib(h.midRunLiveBytes()),
                Heap.mib(h.midRunLiveBytes() - baseline), Heap.mib(h.maxAfterGcBytes()), Heap.mib(h.poolPeakBytes()));
        return h;
    }

    private static void check(String label, Execution e) {
        if (e.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException(label + ": the execution ended " + e.status() + " with " + e.error() + ": "
                    + e.cause());
        }
    }

    private static void row(String label, Measure java, JsonNode node) {
        if (node == null) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %,.0f | - | - | - | %.1f / - |%n", label,
                    java.transitions(), java.bestSeconds(), java.transitionsPerSecond(), java.cpuMillisPerRun());
            return;
        }
        double nodeSeconds = node.path("bestMillis").asDouble() / 1000;
        long nodeTransitions = node.path("transitions").asLong();
        double nodeRate = nodeTransitions / nodeSeconds;
        System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %,.0f | %.3f | %,.0f | %.1fx | %.1f / %.1f |%n", label,
                java.transitions(), java.bestSeconds(), java.transitionsPerSecond(), nodeSeconds, nodeRate,
                java.transitionsPerSecond() / nodeRate, java.cpuMillisPerRun(), node.path("cpuMillisPerRun").asDouble());
        if (nodeTransitions != java.transitions()) {
            System.out.printf(Locale.ROOT, "|  (aws-local-stepfunctions counted %,d transitions) | | | | | | | |%n",
                    nodeTransitions);
        }
    }

    private static boolean nodeAvailable() {
        if (!Files.exists(NODE_PACKAGE)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean ok = p.waitFor() == 0 && !version.isEmpty();
            if (ok) {
                System.out.println("Node " + version + ", aws-local-stepfunctions from bench/node/node_modules");
            }
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code node bench/node/bench.mjs <which> args...} and parses the JSON line it prints last. */
    private static JsonNode node(String which, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--expose-gc", NODE_SCRIPT.toString(), which));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 || text.isEmpty()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + " printing '"
                    + text + "'; run it by hand to see why (npm ci --prefix bench/node installs its package)");
        }
        JsonNode r = JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
        double best = r.path("bestMillis").asDouble() / 1000;
        System.out.printf(Locale.ROOT, "%-52s %,9d transitions, best %.3f s of %d: %,12.0f transitions/s, CPU %.1f ms a"
                + " run%s%n", "node " + String.join(" ", command.subList(3, command.size())), r.path("transitions").asLong(),
                best, r.path("runs").asInt(), r.path("transitions").asLong() / best, r.path("cpuMillisPerRun").asDouble(),
                r.path("midRunLiveHeapBytes").isNumber() ? ", live heap mid-run "
                        + Heap.mib(r.path("midRunLiveHeapBytes").asLong()) + ", peak RSS "
                        + Heap.mib(r.path("peakRssBytes").asLong()) : "");
        return r;
    }

    private static StateMachine machine(String file) throws IOException {
        return StateMachine.parse(Files.readString(DEFINITIONS.resolve(file)));
    }

    private static ArrayNode items(int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            a.addObject().put("id", i);
        }
        return a;
    }

    private static String key(int n) {
        return "items-" + n + ".json";
    }

    private static long longArg(String[] args, String name, long fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static long usedHeapBytes() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /**
     * Counts transitions ({@code *StateEntered} events) over an execution and its Distributed Map children; optionally
     * runs a full GC and records the live heap when the {@code probeAt}-th child execution succeeds.
     */
    static final class Counter implements ExecutionListener {
        final LongAdder transitions = new LongAdder();
        private final AtomicInteger childrenSucceeded = new AtomicInteger();
        private volatile int probeAt = -1;
        volatile long probedBytes = -1;

        void reset(int probeAtChild) {
            transitions.reset();
            childrenSucceeded.set(0);
            probedBytes = -1;
            probeAt = probeAtChild;
        }

        @Override
        public void onEvent(Execution execution, HistoryEvent event) {
            String type = event.type();
            if (type.endsWith("StateEntered")) {
                transitions.increment();
            } else if (probeAt > 0 && type.equals("ExecutionSucceeded") && execution.parentArn() != null
                    && childrenSucceeded.incrementAndGet() == probeAt) {
                System.gc();
                probedBytes = usedHeapBytes();
            }
        }
    }

    /** A ResultWriter that counts and drops what it is given. */
    static final class CountingSink implements ResultWriterSink {
        final LongAdder objects = new LongAdder();
        final LongAdder bytes = new LongAdder();

        @Override
        public void putObject(String bucket, String key, byte[] content) {
            objects.increment();
            bytes.add(content.length);
        }

        @Override
        public void putObject(String bucket, String key, java.nio.file.Path file) {
            objects.increment();
            try {
                bytes.add(java.nio.file.Files.size(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
