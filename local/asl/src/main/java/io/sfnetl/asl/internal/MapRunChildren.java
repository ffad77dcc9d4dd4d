package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ExecutionStatus;
import io.sfnetl.asl.model.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The child executions of one Map Run: run at most MaxConcurrency at once, each ended child's result recorded (its
 * ResultWriter entries in the spill, or its output or metadata in the arrays of the state's result), failures counted
 * against the tolerance. MaxConcurrency worker threads (virtual) take the inputs in order and run one child after the
 * other, each on the worker's thread from ExecutionStarted to its final event: no thread is started, parked or woken
 * per child. Children that succeeded in an earlier attempt of the Map Run are skipped; on resume or redrive the others
 * continue or run again (on their own threads, which the worker waits for). Thread-safe.
 */
final class MapRunChildren {
    /** ToleratedFailureCount/Percentage: more failures than {@code count} (or the percentage) exceed it. */
    record Tolerance(long count, boolean byCount, boolean any, double percent) {
    }

    private final State.Map state;
    private final Scope scope;
    private final Run parent;
    private final MapRunRecord rec;
    private final DistributedMapExecutor.ChildInputs inputs;
    private final int n;
    private final boolean redriving;
    private final String transformation;
    private final ResultSpill spill;
    private final JsonNode[] outputs;
    private final ObjectNode[] summaries;
    private final Tolerance tolerance;
    private final String childMachine;
    private final String executionPrefix;
    private final String childMachineArn;
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean exceeded = new AtomicBoolean();
    /** The next input to start (guarded by this). */
    private int next;
    private volatile boolean halted;

    /**
     * @param spill the ResultWriter's spill, or null (then {@code outputs} and {@code summaries} get the results)
     * @param transformation the ResultWriter's Transformation (with a spill)
     */
    MapRunChildren(State.Map state, Scope scope, MapRunRecord rec, DistributedMapExecutor.ChildInputs inputs,
            boolean redriving, String transformation, ResultSpill spill, JsonNode[] outputs, ObjectNode[] summaries,
            String label, String arnPrefix, Tolerance tolerance) {
        this.state = state;
        this.scope = scope;
        this.parent = scope.run();
        this.rec = rec;
        this.inputs = inputs;
        this.n = inputs.size();
        this.redriving = redriving;
        this.transformation = transformation;
        this.spill = spill;
        this.outputs = outputs;
        this.summaries = summaries;
        this.tolerance = tolerance;
        this.childMachine = parent.stateMachineName() + "/" + label;
        this.executionPrefix = arnPrefix + "execution:" + childMachine + ":";
        this.childMachineArn = arnPrefix + "stateMachine:" + childMachine;
    }

    /**
     * Runs the children, at most {@code max} at once, and returns when every child started has ended. Stops starting
     * children when the tolerance is exceeded or the execution is stopped.
     *
     * @return the index of the first input that was not started (all of them: the number of inputs)
     * @throws InterruptedException when the waiting thread is interrupted (no more children start)
     */
    int run(int max) throws InterruptedException {
        int workers = Math.max(1, Math.min(max, n));
        CountDownLatch finished = new CountDownLatch(workers);
        for (int k = 0; k < workers; k++) {
            Thread.ofVirtual().name("map-run-" + rec.id() + "-" + k).start(() -> {
                try {
                    while (runNext()) {
                        // one child after the other
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            halted = true;
            throw e;
        }
        synchronized (this) {
            return next;
        }
    }

    AtomicInteger failed() {
        return failed;
    }

    AtomicBoolean exceeded() {
        return exceeded;
    }

    /** Runs the next child that must run, on this thread; false when none is left (or the Map Run is stopping). */
    private boolean runNext() {
        while (true) {
            int i;
            byte[] input;
            int items;
            synchronized (this) {
                if (next >= n || halted || exceeded.get() || scope.stopped()) {
                    return false;
                }
                i = next++;
                input = inputs.next();
                items = inputs.items();
            }
            if (spill != null && rec.childReleased(i)) {
                // Succeeded in an earlier attempt of this Map Run: its entry is in the spill already.
                continue;
            }
            Run child = rec.child(i);
            if (child == null) {
                String name = randomUuid();
                child = new Run(parent.settings(), executionPrefix + name, name, childMachineArn, childMachine, input,
                        parent);
                if (items > 0) {
                    child.batchItems(inputs.itemsAt(), input.length - 1, items);
                }
                child.mapChild(state.name(), i, rec.id());
                rec.child(i, child);
                child.stopWhen(exceeded::get);
                Runner.runHere(child, state.processor());
            } else if (child.status() == ExecutionStatus.RUNNING) {
                // Replayed from the journal: continue where it was.
                child.stopWhen(exceeded::get);
                Runner.resume(child);
                child.done().join();
            } else if (child.status() != ExecutionStatus.SUCCEEDED && redriving) {
                Runner.redrive(child);
                child.stopWhen(exceeded::get);
                child.done().join();
            }
            // Ended now, or in an earlier attempt (succeeded, or ended before a crash: it keeps its result).
            ended(i, child);
            return true;
        }
    }

    private void ended(int index, Run child) {
        boolean ok = child.status() == ExecutionStatus.SUCCEEDED;
        if (!ok && failed.incrementAndGet() > tolerance.count()
                && (!tolerance.any() || tolerance.byCount() || 100.0 * failed.get() / n > tolerance.percent())) {
            exceeded.set(true);
        }
        if (spill != null) {
            JsonBytes entries = entries(buffer(child), transformation, child);
            spill.put(index, ResultSpill.status(child.status().name()), entries.array(), 0, entries.length());
            BUFFERS.set(Math.floorMod(Thread.currentThread().hashCode(), BUFFERS.length()), entries);
            if (ok) {
                rec.releaseChild(index);
            }
        } else if (ok) {
            outputs[index] = parse(child.output());
        } else {
            summaries[index] = (ObjectNode) parse(summary(new JsonBytes(1024), child).toString());
        }
    }

    /** Buffers for the entries of ended children, reused (a few, for the threads ending children at once). */
    private static final AtomicReferenceArray<JsonBytes> BUFFERS = new AtomicReferenceArray<>(8);

    private static JsonBytes buffer(Run child) {
        JsonBytes b = BUFFERS.getAndSet(Math.floorMod(Thread.currentThread().hashCode(), BUFFERS.length()), null);
        if (b == null || b.capacity() > 1 << 20) {
            b = new JsonBytes(2 * child.inputUtf8().length + 1024);
        }
        b.setLength(0);
        return b;
    }

    /** One child's ResultWriter entries, comma-separated: its metadata (NONE, or not succeeded) or its output. */
    private static JsonBytes entries(JsonBytes out, String transformation, Run child) {
        if (child.status() != ExecutionStatus.SUCCEEDED || transformation.equals("NONE")) {
            return summary(out, child);
        }
        if (transformation.equals("FLATTEN")) {
            JsonNode result = parse(child.output());
            if (result.isArray()) {
                for (JsonNode e : result) {
                    if (out.length() > 0) {
                        out.append((byte) ',');
                    }
                    out.append(Json.bytes(e));
                }
                return out;
            }
        }
        return out.append(child.output().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a child's execution metadata, as the ResultWriter's files and a tolerated failure's array entry show it
     * (the text {@link Json#write} would give for the same fields in this order).
     */
    static JsonBytes summary(JsonBytes o, Run child) {
        o.ascii("{\"ExecutionArn\":").string(child.arn());
        byte[] input = child.inputUtf8();
        o.ascii(",\"Input\":").string(input, 0, input.length);
        o.ascii(",\"InputDetails\":{\"Included\":true},\"Name\":").string(child.name());
        if (child.output() != null) {
            o.ascii(",\"Output\":").string(child.output());
            o.ascii(",\"OutputDetails\":{\"Included\":true}");
        }
        if (child.error() != null) {
            o.ascii(",\"Error\":").string(child.error());
        }
        if (child.cause() != null) {
            o.ascii(",\"Cause\":").string(child.cause());
        }
        boolean succeeded = child.status() == ExecutionStatus.SUCCEEDED;
        o.ascii(",\"RedriveCount\":").ascii(Integer.toString(child.redriveCount()));
        o.ascii(",\"RedriveStatus\":").string(succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN");
        o.ascii(",\"RedriveStatusReason\":").string(succeeded ? "Execution is SUCCEEDED and cannot be redriven"
                : "Execution is redriven by redriving its parent's Map Run");
        o.ascii(",\"StartDate\":").string(isoText(child.startDate()));
        o.ascii(",\"StateMachineArn\":").string(child.stateMachineArn());
        o.ascii(",\"Status\":").string(child.status().name());
        if (child.stopDate() != null) {
            o.ascii(",\"StopDate\":").string(isoText(child.stopDate()));
        }
        return o.append((byte) '}');
    }

    /** The last date written by {@link #isoText}. */
    private static volatile Object[] lastDate = {Instant.EPOCH, Instant.EPOCH.toString()};

    /**
     * {@link Instant#toString()}, remembered for the last instant: children that start or end in the same millisecond
     * (most, in a Map Run) share the text instead of formatting it again.
     */
    private static String isoText(Instant t) {
        Object[] last = lastDate;
        if (last[0].equals(t)) {
            return (String) last[1];
        }
        String text = t.toString();
        lastDate = new Object[] {t, text};
        return text;
    }

    /** A random (version 4) UUID as text, from a thread-local generator: a child's name, without SecureRandom's cost. */
    private static String randomUuid() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.read(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
