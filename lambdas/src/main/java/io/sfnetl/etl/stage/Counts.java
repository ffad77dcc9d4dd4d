package io.sfnetl.etl.stage;

/**
 * Cumulative counts of one chunk (brief §1): each stage adds its own to those it was handed, so Load's output
 * holds the whole chunk's counts and Finalize can check {@code read = loaded + rejected + duplicates}.
 *
 * @param read source records read by Validate (malformed ones included)
 * @param valid records that passed Validate
 * @param rejected records rejected by any stage (invalid, failed transform, unloadable key)
 * @param transformed records Transform wrote
 * @param loaded items Load wrote to DynamoDB (after removing duplicates)
 * @param duplicates records Load dropped because a later record of the same part had the same key
 * @param bytes source bytes Validate consumed (uncompressed offsets)
 * @param continuations times a stage of this chunk returned {@code done:false}
 */
public record Counts(long read, long valid, long rejected, long transformed, long loaded, long duplicates, long bytes,
                     long continuations) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

    public static Counts orZero(Counts c) {
        return c == null ? ZERO : c;
    }

    public Counts plus(Counts o) {
        return new Counts(read + o.read, valid + o.valid, rejected + o.rejected, transformed + o.transformed,
                loaded + o.loaded, duplicates + o.duplicates, bytes + o.bytes, continuations + o.continuations);
    }

    public Counts plusRead(long n, long bytes) {
        return new Counts(read + n, valid, rejected, transformed, loaded, duplicates, this.bytes + bytes, continuations);
    }

    public Counts plusValid(long n) {
        return new Counts(read, valid + n, rejected, transformed, loaded, duplicates, bytes, continuations);
    }

    public Counts plusRejected(long n) {
        return new Counts(read, valid, rejected + n, transformed, loaded, duplicates, bytes, continuations);
    }

    public Counts plusTransformed(long n) {
        return new Counts(read, valid, rejected, transformed + n, loaded, duplicates, bytes, continuations);
    }

    public Counts plusLoaded(long n) {
        return new Counts(read, valid, rejected, transformed, loaded + n, duplicates, bytes, continuations);
    }

    public Counts plusDuplicates(long n) {
        return new Counts(read, valid, rejected, transformed, loaded, duplicates + n, bytes, continuations);
    }

    public Counts plusContinuation() {
        return new Counts(read, valid, rejected, transformed, loaded, duplicates, bytes, continuations + 1);
    }
}
