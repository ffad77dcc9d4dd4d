package io.sfnetl.asl.internal;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an engine shares between its executions besides its settings: the top-level runs it knows (started, or
 * restored from the journal), the journal (or none) and the halted flag. Thread-safe.
 */
public final class Registry {
    private final ConcurrentHashMap<String, Run> roots = new ConcurrentHashMap<>();
    private final AtomicBoolean halted = new AtomicBoolean();
    private final Journal journal;

    public Registry(Path journalDir) {
        this.journal = journalDir == null ? null : new Journal(journalDir, halted::get);
    }

    /** The journal, or null when the engine keeps executions in memory only. */
    public Journal journal() {
        return journal;
    }

    public boolean halted() {
        return halted.get();
    }

    /** Stops recording anything and signals every run to stop, as if the process had died. */
    public void halt() {
        halted.set(true);
        roots.values().forEach(Run::signalStop);
    }

    /** Registers a top-level run; false when one with the same ARN is already known. */
    public boolean add(Run run) {
        return roots.putIfAbsent(run.arn(), run) == null;
    }

    public Optional<Run> get(String arn) {
        return Optional.ofNullable(roots.get(arn));
    }

    /** Every known top-level run, by start date. */
    public List<Run> all() {
        return roots.values().stream().sorted(Comparator.comparing(Run::startDate).thenComparing(Run::arn)).toList();
    }
}
