package io.sfnetl.local.schedule;

import java.util.Locale;

/**
 * What the twin's scheduler does, when it starts, with the fires it missed while it was not running.
 * EventBridge Scheduler has no catch-up: a fire missed by the service is not made up. {@link #NONE} is the default so
 * that the twin behaves as AWS does; use {@code etl backfill} to run a range of missed fires on purpose.
 */
public enum CatchUp {
    /** Skip every missed fire (what AWS does). */
    NONE,
    /** Start only the most recent missed fire. */
    LATEST,
    /** Start every missed fire, oldest first. */
    ALL;

    /** Parses {@code none|latest|all} (any case). */
    public static CatchUp of(String text) {
        for (CatchUp c : values()) {
            if (c.name().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("catch-up policy '" + text + "' is not one of none, latest, all");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
