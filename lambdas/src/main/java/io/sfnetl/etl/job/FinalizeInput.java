package io.sfnetl.etl.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finalize's input.
 *
 * @param run run id (Prepare's output {@code run})
 * @param results the chunk results, in one of these shapes: a JSON array of chunk results (each Load's
 *     {@link io.sfnetl.etl.stage.StageOutput}, or a Map result entry whose {@code Output} is that output as a JSON
 *     string, or a Lambda {@code {Payload}}); or the Distributed Map's ResultWriter output
 *     {@code {"ResultWriterDetails": {"Bucket", "Key"}}} (or just {@code {"Bucket", "Key"}}, or an {@code s3://} URI)
 *     naming the {@code manifest.json} whose SUCCEEDED files hold the results
 * @param maxRejectPercent overrides the run's reject threshold (else Prepare's effective {@code maxRejectPercent})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalizeInput(String run, JsonNode results, Double maxRejectPercent) {
}
