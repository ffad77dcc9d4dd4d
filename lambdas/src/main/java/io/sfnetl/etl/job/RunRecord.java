package io.sfnetl.etl.job;

import io.sfnetl.etl.config.RunConfig;
import java.util.List;

/**
 * What Prepare knows about a run, stored at {@code manifests/<run>/run.json} for Finalize.
 *
 * @param run run id
 * @param dataset logical dataset name
 * @param specUri where the spec was given
 * @param spec the frozen spec copy
 * @param specSha256 hash of the spec's canonical JSON
 * @param source the source URI given
 * @param sources every source object with its ETag and size
 * @param config effective run configuration
 * @param table target table
 * @param startedAt when Prepare started
 * @param scheduledTime the schedule's time, for scheduled runs
 */
public record RunRecord(String run, String dataset, String specUri, String spec, String specSha256, String source,
                        List<SourceObject> sources, RunConfig config, String table, String startedAt,
                        String scheduledTime) {
}
