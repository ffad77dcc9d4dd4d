package io.sfnetl.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap in use right after a garbage collection since {@link #reset()}: what a phase keeps reachable, as
 * opposed to {@link Heap}'s peak, which also counts garbage not yet collected. Listens to the collectors' notifications,
 * which the JVM delivers asynchronously (read after a short pause). Thread-safe.
 */
final class LiveHeap {
    private final AtomicLong max = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private LiveHeap() {
    }

    /** Starts listening to every collector of this JVM. */
    static LiveHeap install() {
        LiveHeap live = new LiveHeap();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> live.onNotification(n), null, null);
            }
        }
        return live;
    }

    private void onNotification(Notification n) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        max.accumulateAndGet(used, Math::max);
    }

    /** Waits for pending notifications, then forgets what was seen. */
    void reset() throws InterruptedException {
        Thread.sleep(200);
        max.set(0);
    }

    /** Waits for pending notifications, then returns the largest post-collection heap (0 when no collection ran). */
    long maxBytes() throws InterruptedException {
        Thread.sleep(200);
        return max.get();
    }
}
