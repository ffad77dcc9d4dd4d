package io.sfnetl.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One element of a {@code Catch} array.
 *
 * @param resultPath JSONPath: where the error output goes in the state input ({@code "$"} default, null = discard)
 * @param output JSONata: the state output on catch, or null
 * @param assign variables assigned on catch, or null
 */
public record Catcher(List<String> errorEquals, String next, String resultPath, JsonNode output, JsonNode assign) {
}
