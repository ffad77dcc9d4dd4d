package io.sfnetl.local.schedule.internal;

import java.util.BitSet;

/**
 * One parsed field of an EventBridge cron expression: the plain values it allows (a bit set over the field's range),
 * plus, for the two day fields, the special forms {@code L}, {@code LW}, {@code nW} (day-of-month) and {@code L},
 * {@code nL}, {@code n#k} (day-of-week). Immutable.
 *
 * @param values allowed plain values (for day-of-week 1 = SUN .. 7 = SAT)
 * @param any true for {@code ?} (day fields only): no constraint from this field
 * @param last day-of-month {@code L}: the last day of the month
 * @param lastWeekday day-of-month {@code LW}: the last weekday (Mon-Fri) of the month
 * @param nearestWeekday day-of-month {@code nW}: n, or 0 when not used
 * @param lastDayOfWeek day-of-week {@code nL}: the last weekday n (1-7) of the month, or 0
 * @param nthDayOfWeek day-of-week {@code n#k}: weekday n (1-7), or 0
 * @param nth day-of-week {@code n#k}: k (1-5)
 */
public record CronField(BitSet values, boolean any, boolean last, boolean lastWeekday, int nearestWeekday,
                        int lastDayOfWeek, int nthDayOfWeek, int nth) {

    static CronField ofValues(BitSet values) {
        return new CronField(values, false, false, false, 0, 0, 0, 0);
    }

    static CronField anyValue() {
        return new CronField(new BitSet(), true, false, false, 0, 0, 0, 0);
    }

    public boolean has(int value) {
        return values.get(value);
    }

    /** The smallest allowed plain value that is at least {@code from}, or -1. */
    public int nextValue(int from) {
        return values.nextSetBit(from);
    }
}
