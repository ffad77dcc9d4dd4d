package io.sfnetl.etl.job;

import java.util.List;

/**
 * Where turning a run's rejects into sources stopped when Prepare's remaining time ran short ({@link RejectsSource}),
 * carried in {@link PrepareCursor#rejects()}: the next call continues at line {@code line + 1} of reject file number
 * {@code part}, writing segment {@code segment}.
 *
 * @param part index of the reject file being read (in the order {@link RejectsSource} lists them)
 * @param offset byte offset of the next line in that file
 * @param line lines of that file already read
 * @param segment how many segments (pairs of output objects) are complete
 * @param records records written so far
 * @param rows typed rows written so far
 * @param lost rejects so far that cannot be turned back into data
 * @param firstLost where the first of them is, or null
 * @param objects the completed segments' objects, in order
 */
public record RejectsCursor(int part, long offset, int line, int segment, long records, long rows, long lost,
                            String firstLost, List<SourceObject> objects) {
}
