package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.HistoryEvent;
import io.sfnetl.asl.StatesError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An execution's event history. Events get ids from 1 in recording order. When the quota of events is reached the
 * next non-final event fails the execution, as on AWS. Thread-safe.
 */
public final class History {
    private final List<HistoryEvent> events = new ArrayList<>();
    private final Clock clock;
    private final int limit;
    private final Consumer<HistoryEvent> listener;
    private final Consumer<HistoryEvent> recorder;

    /**
     * @param listener called after an event is recorded, outside the lock
     * @param recorder called while the event is recorded, under the lock, so that it sees events in id order (the
     *     journal)
     */
    public History(Clock clock, int limit, Consumer<HistoryEvent> listener, Consumer<HistoryEvent> recorder) {
        this.clock = clock;
        this.limit = limit;
        this.listener = listener;
        this.recorder = recorder;
    }

    /**
     * Records an event.
     *
     * @param terminal true for the execution's final event, which is always recorded
     * @return the new event's id
     * @throws StatesError States.Runtime when the history quota is reached
     */
    public long add(String type, String detailsField, ObjectNode details, long previousEventId, boolean terminal) {
        HistoryEvent e;
        synchronized (events) {
            if (!terminal && events.size() >= limit - 1) {
                throw new StatesError(ErrorNames.RUNTIME, "The execution reached the maximum number of history events ("
                        + limit + "); split the work with a Distributed Map, a child execution or a loop limit");
            }
            e = new HistoryEvent(events.size() + 1, previousEventId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), type, detailsField, details);
            events.add(e);
            recorder.accept(e);
        }
        listener.accept(e);
        return e.id();
    }

    /**
     * Puts an event read back from the journal at its id, dropping any later ones (a resumed execution recorded them
     * again after its checkpoint). The listener is not called.
     */
    public void restore(HistoryEvent e) {
        synchronized (events) {
            while (events.size() >= e.id()) {
                events.remove(events.size() - 1);
            }
            events.add(e);
        }
    }

    /** Drops the events after {@code lastId} (a resumed execution continues from its checkpoint). */
    public void truncate(long lastId) {
        synchronized (events) {
            while (events.size() > lastId) {
                events.remove(events.size() - 1);
            }
        }
    }

    public List<HistoryEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public int size() {
        synchronized (events) {
            return events.size();
        }
    }
}
