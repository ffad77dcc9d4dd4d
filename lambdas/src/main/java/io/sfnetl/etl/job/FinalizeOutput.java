package io.sfnetl.etl.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sfnetl.etl.stage.Counts;
import java.util.List;

/**
 * The run's summary (also the job record's main fields). Holds counts and locations only, never row contents.
 *
 * @param run run id
 * @param dataset logical dataset name
 * @param status SUCCEEDED (a failing check throws instead)
 * @param counts the summed counts of every chunk
 * @param chunks chunks with a result
 * @param failedChunks ids of chunks whose child execution failed (tolerated by the Map), if any
 * @param rejectPercent rejected / read, in percent
 * @param maxRejectPercent the threshold applied
 * @param rejects {@code s3://} prefix of the run's reject files
 * @param rejectFiles number of reject files written
 * @param table the table loaded
 * @param jobsTable where the job record is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalizeOutput(String run, String dataset, String status, Counts counts, int chunks,
                             List<String> failedChunks, double rejectPercent, double maxRejectPercent, String rejects,
                             int rejectFiles, String table, String jobsTable) {
}
