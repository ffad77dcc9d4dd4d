package io.sfnetl.asl.internal;

/**
 * The Map Run of one Distributed Map state of an execution, kept until the state succeeds so that a resume after a
 * crash or a redrive adopts it: children that succeeded keep their results, the others run again. Thread-safe.
 */
public final class MapRunRecord {
    private final String id;
    private final String arn;
    private final Run[] children;
    private final java.util.BitSet released = new java.util.BitSet();
    private ResultSpill results;
    private volatile int redriveCount;
    private volatile int parentRedriveCount;
    private final java.util.concurrent.atomic.AtomicBoolean inUse = new java.util.concurrent.atomic.AtomicBoolean();

    public MapRunRecord(String id, String arn, int size, int redriveCount, int parentRedriveCount) {
        this.id = id;
        this.arn = arn;
        this.children = new Run[size];
        this.redriveCount = redriveCount;
        this.parentRedriveCount = parentRedriveCount;
    }

    public String id() {
        return id;
    }

    public String arn() {
        return arn;
    }

    public int size() {
        return children.length;
    }

    public synchronized Run child(int index) {
        return children[index];
    }

    public synchronized void child(int index, Run run) {
        children[index] = run;
        released.clear(index);
    }

    /**
     * Drops a child that succeeded and whose ResultWriter entry is in {@link #results}: the record keeps no Run (input,
     * history) for it, and a redrive or resume does not run it again.
     */
    synchronized void releaseChild(int index) {
        children[index] = null;
        released.set(index);
    }

    /** True when the child at {@code index} succeeded and was released (see {@link #releaseChild}). */
    synchronized boolean childReleased(int index) {
        return released.get(index);
    }

    /** The ResultWriter entries of the children so far (created on first use). */
    synchronized ResultSpill results() {
        if (results == null) {
            results = new ResultSpill(children.length);
        }
        return results;
    }

    /** Deletes the results' temporary file: the Map Run succeeded and its results were written. */
    synchronized void discardResults() {
        if (results != null) {
            results.close();
            results = null;
        }
    }

    public int redriveCount() {
        return redriveCount;
    }

    public int parentRedriveCount() {
        return parentRedriveCount;
    }

    /** Records that the parent's redrive number {@code parentCount} redrives this Map Run. */
    public void redriven(int parentCount) {
        this.redriveCount++;
        this.parentRedriveCount = parentCount;
    }

    /** Takes the record for one run of its Map state; false when another run of the state holds it. */
    public boolean acquire() {
        return inUse.compareAndSet(false, true);
    }

    public void release() {
        inUse.set(false);
    }

    /** For the journal's replay. */
    void restoreCounts(int count, int parentCount) {
        this.redriveCount = count;
        this.parentRedriveCount = parentCount;
    }
}
