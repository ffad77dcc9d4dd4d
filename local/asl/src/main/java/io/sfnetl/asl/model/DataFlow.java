package io.sfnetl.asl.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The input and output processing fields of a state (Developer Guide, "Processing input and output").
 * Path fields: {@code null} means the field was given as JSON {@code null} (discard); an absent field is {@code "$"}
 * (or, for ResultPath, {@code "$"} too). Template fields are null when absent.
 *
 * @param inputPath JSONPath InputPath
 * @param parameters JSONPath Parameters (or Map's ItemSelector is kept on the Map record)
 * @param resultSelector JSONPath ResultSelector
 * @param resultPath JSONPath ResultPath (a reference path)
 * @param outputPath JSONPath OutputPath
 * @param arguments JSONata Arguments
 * @param output JSONata Output
 * @param assign Assign (both languages), null when absent
 */
public record DataFlow(String inputPath, JsonNode parameters, JsonNode resultSelector, String resultPath,
        String outputPath, JsonNode arguments, JsonNode output, JsonNode assign) {
    public static final String ROOT = "$";
}
