package io.sfnetl.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Map-specific fields (Developer Guide, "Map state").
 *
 * @param mode INLINE or DISTRIBUTED ({@code ItemProcessor.ProcessorConfig.Mode}; {@code Iterator} is INLINE)
 * @param executionType STANDARD or EXPRESS for DISTRIBUTED, else null
 * @param itemsPath JSONPath ItemsPath ("$" default)
 * @param items JSONata Items (array or expression), or null
 * @param itemSelector ItemSelector or legacy Parameters, or null
 * @param maxConcurrency MaxConcurrency / MaxConcurrencyPath, null = 0 (no limit)
 * @param toleratedFailurePercentage a number or a JSONata expression, null when absent (see the Path form)
 * @param toleratedFailureCount number or path, null = 0
 * @param label Label (DISTRIBUTED), or null
 */
public record MapConfig(Mode mode, String executionType, String itemsPath, JsonNode items, JsonNode itemSelector,
        State.Seconds maxConcurrency, ItemReader itemReader, ItemBatcher itemBatcher, ResultWriter resultWriter,
        JsonNode toleratedFailurePercentage, String toleratedFailurePercentagePath, State.Seconds toleratedFailureCount,
        String label) {

    public enum Mode { INLINE, DISTRIBUTED }

    /**
     * {@code ItemReader}: {@code resource} is {@code arn:aws:states:::s3:getObject} or {@code ...:s3:listObjectsV2}.
     *
     * @param parameters the Parameters (JSONPath) or Arguments (JSONata) naming Bucket/Key/Prefix
     * @param inputType JSON, JSONL, CSV, MANIFEST; null for listObjectsV2
     * @param csvHeaderLocation FIRST_ROW or GIVEN
     * @param csvHeaders the headers when GIVEN
     * @param csvDelimiter COMMA (default), PIPE, SEMICOLON, SPACE, TAB
     * @param maxItems MaxItems / MaxItemsPath, null = all
     */
    public record ItemReader(String resource, JsonNode parameters, String inputType, String csvHeaderLocation,
            List<String> csvHeaders, String csvDelimiter, State.Seconds maxItems) {
    }

    /** {@code ItemBatcher}. Null limits mean "no limit"; at least one is set. */
    public record ItemBatcher(State.Seconds maxItemsPerBatch, State.Seconds maxInputBytesPerBatch, JsonNode batchInput) {
    }

    /**
     * {@code ResultWriter}: Bucket and Prefix (literal, path or JSONata) from Parameters/Arguments, and the
     * WriterConfig. {@code resource} is null when only WriterConfig is given (format the state output, no export).
     *
     * @param transformation NONE, COMPACT or FLATTEN (null when no WriterConfig: NONE with an export)
     * @param outputType JSON or JSONL (null when no WriterConfig)
     */
    public record ResultWriter(String resource, JsonNode parameters, String transformation, String outputType) {
    }
}
