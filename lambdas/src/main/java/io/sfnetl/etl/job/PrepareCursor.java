package io.sfnetl.etl.job;

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
 */
public record PrepareCursor(int object, long offset, long line, long chunkStart, long chunkLine, int nextChunk,
                            List<String> parts, int continuation, String startedAt) {
}
