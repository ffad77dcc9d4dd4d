package io.sfnetl.etl.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where Prepare's sequential scan stopped (it returned {@code done:false}); handed back in the input's
 * {@code cursor}. The source list was frozen at {@code manifests/<run>/sources.json} on the first call.
 *
 * @param object index of the source object being scanned
 * @param offset offset of the first record not yet scanned
 * @param line its 1-based line (-1 if unknown)
 * @param chunkStart start offset of the chunk being planned
 * @param chunkLine first line of that chunk
 * @param nextChunk number of the next chunk id
 * @param parts keys of the partial manifests written so far (JSON arrays of chunk descriptors, in order)
 * @param continuation how many times Prepare returned {@code done:false} for this run
 * @param startedAt when the first call started (ISO-8601)
 * @param rejects while a reprocessing run's rejects are still being turned into sources (before any planning):
 *     where that stopped; null once planning has begun (then {@code sources.json} lists the sources)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrepareCursor(int object, long offset, long line, long chunkStart, long chunkLine, int nextChunk,
                            List<String> parts, int continuation, String startedAt, RejectsCursor rejects) {
    /** A cursor of the planning scan. */
    public PrepareCursor(int object, long offset, long line, long chunkStart, long chunkLine, int nextChunk,
                         List<String> parts, int continuation, String startedAt) {
        this(object, offset, line, chunkStart, chunkLine, nextChunk, parts, continuation, startedAt, null);
    }

    /** A cursor of a reprocessing run whose rejects are still being turned into sources. */
    static PrepareCursor ofRejects(RejectsCursor rejects, int continuation, String startedAt) {
        return new PrepareCursor(0, 0, 1, 0, 1, 0, List.of(), continuation, startedAt, rejects);
    }
}
