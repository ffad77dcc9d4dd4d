package io.sfnetl.local.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code config/pipeline.json}, the one source of configuration that the CDK stack and the local twin both
 * read: each function's handler, memory and timeout; the run defaults; the schedule; the datasets.
 *
 * @param functions function name (Prepare, Validate, ...) to its settings, in file order
 * @param runDefaults defaults merged under the execution input (chunkBytes, maxConcurrency, ...)
 * @param schedule the schedule object as written (expression, timeZone, input template, ...)
 * @param datasets logical dataset name to its spec file (relative to the repository root) and table
 * @param jobsTable the name of the jobs table
 */
public record PipelineConfig(Map<String, Function> functions, JsonNode runDefaults, JsonNode schedule,
                             Map<String, Dataset> datasets, String jobsTable) {

    /** One Lambda function: {@code handler} is {@code class::method} as Lambda's runtime takes it. */
    public record Function(String name, String handler, int memoryMb, int timeoutSeconds) {
        /** The handler's class name (the part before {@code ::}). */
        public String handlerClass() {
            int i = handler.indexOf("::");
            return i < 0 ? handler : handler.substring(0, i);
        }
    }

    /** A deployed dataset: its spec file and its DynamoDB table. */
    public record Dataset(String name, String spec, String table) {
    }

    /** Reads and checks the file; every problem is reported at once with its JSON location. */
    public static PipelineConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("pipeline configuration not found: " + file
                    + " (run from the repository root, or pass the path of config/pipeline.json)");
        } catch (IOException e) {
            throw new IllegalArgumentException("pipeline configuration " + file + " is not valid JSON: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Function> functions = new LinkedHashMap<>();
        JsonNode fns = root.path("functions");
        if (!fns.isObject() || fns.isEmpty()) {
            problems.add("/functions: must be an object of function name -> {handler, memoryMb, timeoutSeconds}");
        }
        fns.properties().forEach(e -> {
            JsonNode f = e.getValue();
            String at = "/functions/" + e.getKey();
            if (!f.path("handler").isTextual()) problems.add(at + "/handler: must be a string like 'pkg.Class::handleRequest'");
            int memory = f.path("memoryMb").asInt(-1);
            if (memory < 128 || memory > 10240) problems.add(at + "/memoryMb: must be an integer in 128..10240 (Lambda's range), got " + f.path("memoryMb"));
            int timeout = f.path("timeoutSeconds").asInt(-1);
            if (timeout < 1 || timeout > 900) problems.add(at + "/timeoutSeconds: must be an integer in 1..900 (Lambda's maximum is 900 s), got " + f.path("timeoutSeconds"));
            functions.put(e.getKey(), new Function(e.getKey(), f.path("handler").asText(), memory, timeout));
        });
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        root.path("datasets").properties().forEach(e -> {
            JsonNode d = e.getValue();
            String at = "/datasets/" + e.getKey();
            if (!d.path("spec").isTextual()) problems.add(at + "/spec: must be the path of the dataset's spec file");
            if (!d.path("table").isTextual()) problems.add(at + "/table: must be the DynamoDB table name");
            datasets.put(e.getKey(), new Dataset(e.getKey(), d.path("spec").asText(), d.path("table").asText()));
        });
        if (!root.path("jobsTable").isTextual()) problems.add("/jobsTable: must be the name of the jobs table");
        if (!root.path("runDefaults").isObject()) problems.add("/runDefaults: must be an object");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid pipeline configuration " + file + ":\n  " + String.join("\n  ", problems));
        }
        return new PipelineConfig(Map.copyOf(functions), root.path("runDefaults"), root.path("schedule"),
                Map.copyOf(datasets), root.path("jobsTable").asText());
    }

    public Function function(String name) {
        Function f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no function '" + name + "' in config/pipeline.json (known: " + functions.keySet() + ")");
        }
        return f;
    }
}
