package io.sfnetl.etl.stage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a stage stopped; handed back unchanged on the next call. Validate (and Prepare's scan) use
 * {@code offset}/{@code line}: the absolute offset and 1-based line of the first record not yet processed.
 * Transform and Load use {@code part}/{@code index}: the index into the {@code read} key list and the 0-based
 * line within that part of the first record not yet processed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cursor(Long offset, Long line, Integer part, Long index) {
    public static Cursor ofOffset(long offset, long line) {
        return new Cursor(offset, line, null, null);
    }

    public static Cursor ofPart(int part, long index) {
        return new Cursor(null, null, part, index);
    }
}
