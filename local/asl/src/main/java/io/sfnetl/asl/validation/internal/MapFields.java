package io.sfnetl.asl.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The Map state's own fields (Step Functions developer guide, "Map state", "Distributed Map state": ItemReader,
 * ItemBatcher, ResultWriter, ToleratedFailure*, Label, MaxConcurrency, ItemProcessor with ProcessorConfig).
 */
final class MapFields {
    static final String S3_GET_OBJECT = "arn:aws:states:::s3:getObject";
    static final String S3_LIST_OBJECTS_V2 = "arn:aws:states:::s3:listObjectsV2";
    static final String S3_PUT_OBJECT = "arn:aws:states:::s3:putObject";
    private static final List<String> DISTRIBUTED_ONLY = List.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "Label");
    private static final int MAX_BATCH_BYTES = 262_144;
    private static final long MAX_ITEMS = 100_000_000L;

    private final Problems p;
    private final Payloads payloads;
    private final MachineChecker machines;

    MapFields(Problems p, Payloads payloads, MachineChecker machines) {
        this.p = p;
        this.payloads = payloads;
        this.machines = machines;
    }

    void check(JsonNode state, String at, QueryLanguage language) {
        JsonNode processor = state.get("ItemProcessor");
        JsonNode iterator = state.get("Iterator");
        boolean distributed = false;
        if (processor != null && iterator != null) {
            p.add(at, "a Map state has either 'ItemProcessor' or the older 'Iterator', not both; keep ItemProcessor");
        } else if (processor == null && iterator == null) {
            p.add(at, "a Map state needs 'ItemProcessor' (or the older 'Iterator') with StartAt and States");
        }
        if (processor != null && p.object(processor, Problems.at(at, "ItemProcessor"), "ItemProcessor")) {
            distributed = processorConfig(processor, Problems.at(at, "ItemProcessor"));
            machines.nested(processor, Problems.at(at, "ItemProcessor"), Set.of("StartAt", "States", "Comment",
                    "ProcessorConfig"), "ItemProcessor");
        }
        if (iterator != null && p.object(iterator, Problems.at(at, "Iterator"), "Iterator")) {
            machines.nested(iterator, Problems.at(at, "Iterator"), Set.of("StartAt", "States", "Comment"), "Iterator");
        }
        if (!distributed) {
            for (String f : DISTRIBUTED_ONLY) {
                if (state.has(f)) {
                    p.add(Problems.at(at, f), "'" + f + "' is only for Distributed Map states; set \"ItemProcessor\": "
                            + "{\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}}");
                }
            }
        }
        if (state.has("Parameters") && state.has("ItemSelector")) {
            p.add(Problems.at(at, "Parameters"), "'Parameters' and 'ItemSelector' are the same field in a Map state "
                    + "(Parameters is the older name); keep only ItemSelector");
        }
        JsonNode v;
        if ((v = state.get("ItemSelector")) != null) {
            payloads.objectPayload(v, Problems.at(at, "ItemSelector"), "ItemSelector", language, false);
        }
        if ((v = state.get("ItemsPath")) != null) {
            payloads.referencePath(v, Problems.at(at, "ItemsPath"), "ItemsPath", false);
        }
        if ((v = state.get("Items")) != null && language == QueryLanguage.JSONATA) {
            if (v.isTextual() || v.isContainerNode()) {
                payloads.jsonataValue(v, Problems.at(at, "Items"));
            } else {
                p.add(Problems.at(at, "Items"), "'Items' must be an array, an object or a \"{% expression %}\", found "
                        + Problems.type(v));
            }
        }
        exclusiveNumber(state, at, "MaxConcurrency", language, 0, Long.MAX_VALUE, true);
        exclusiveNumber(state, at, "ToleratedFailureCount", language, 0, Long.MAX_VALUE, true);
        exclusiveNumber(state, at, "ToleratedFailurePercentage", language, 0, 100, false);
        if ((v = state.get("Label")) != null && p.string(v, Problems.at(at, "Label"), "Label")) {
            String label = v.textValue();
            if (label.length() > 40 || label.isEmpty() || !label.matches("[^\\s?'\"<>{}\\[\\]*%~#\\\\^|`\\p{Cntrl}]+")) {
                p.add(Problems.at(at, "Label"), "'Label' must be 1 to 40 characters without whitespace or any of "
                        + "? ' \" < > { } [ ] * % ~ # \\ ^ | `, found \"" + label + "\"");
            }
        }
        if ((v = state.get("ItemReader")) != null && p.object(v, Problems.at(at, "ItemReader"), "ItemReader")) {
            itemReader(v, Problems.at(at, "ItemReader"), language);
        }
        if ((v = state.get("ItemBatcher")) != null && p.object(v, Problems.at(at, "ItemBatcher"), "ItemBatcher")) {
            itemBatcher(v, Problems.at(at, "ItemBatcher"), language);
        }
        if ((v = state.get("ResultWriter")) != null && p.object(v, Problems.at(at, "ResultWriter"), "ResultWriter")) {
            resultWriter(v, Problems.at(at, "ResultWriter"), language);
        }
    }

    /** Returns true if the processor is DISTRIBUTED. */
    private boolean processorConfig(JsonNode processor, String at) {
        JsonNode config = processor.get("ProcessorConfig");
        if (config == null) {
            return false;
        }
        String cat = Problems.at(at, "ProcessorConfig");
        if (!p.object(config, cat, "ProcessorConfig")) {
            return false;
        }
        unknown(config, cat, "ProcessorConfig", Set.of("Mode", "ExecutionType"));
        JsonNode mode = config.get("Mode");
        boolean distributed = mode != null && p.oneOf(mode, Problems.at(cat, "Mode"), "Mode", List.of("INLINE", "DISTRIBUTED"))
                && mode.textValue().equals("DISTRIBUTED");
        JsonNode type = config.get("ExecutionType");
        if (distributed && type == null) {
            p.add(cat, "a DISTRIBUTED processor needs 'ExecutionType': STANDARD or EXPRESS");
        } else if (type != null) {
            if (!distributed) {
                p.add(Problems.at(cat, "ExecutionType"), "'ExecutionType' applies only to \"Mode\": \"DISTRIBUTED\"");
            } else {
                p.oneOf(type, Problems.at(cat, "ExecutionType"), "ExecutionType", List.of("STANDARD", "EXPRESS"));
            }
        }
        return distributed;
    }

    private void itemReader(JsonNode reader, String at, QueryLanguage language) {
        String args = language == QueryLanguage.JSONPATH ? "Parameters" : "Arguments";
        unknown(reader, at, "ItemReader", Set.of("Resource", args, "ReaderConfig"));
        JsonNode resource = reader.get("Resource");
        boolean getObject = false;
        if (resource == null) {
            p.add(at, "an ItemReader needs 'Resource': " + S3_GET_OBJECT + " or " + S3_LIST_OBJECTS_V2);
        } else if (p.oneOf(resource, Problems.at(at, "Resource"), "Resource", List.of(S3_GET_OBJECT, S3_LIST_OBJECTS_V2))) {
            getObject = resource.textValue().equals(S3_GET_OBJECT);
        }
        JsonNode params = reader.get(args);
        if (params == null) {
            p.add(at, "an ItemReader needs '" + args + "' with the S3 Bucket and Key (or Prefix)");
        } else {
            payloads.objectPayload(params, Problems.at(at, args), args, language, true);
        }
        JsonNode config = reader.get("ReaderConfig");
        if (config == null) {
            if (getObject) {
                p.add(at, "reading one S3 object needs 'ReaderConfig' with 'InputType' (JSON, JSONL, CSV or MANIFEST)");
            }
            return;
        }
        String cat = Problems.at(at, "ReaderConfig");
        if (!p.object(config, cat, "ReaderConfig")) {
            return;
        }
        unknown(config, cat, "ReaderConfig", language == QueryLanguage.JSONPATH
                ? Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType")
                : Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "ManifestType"));
        JsonNode inputType = config.get("InputType");
        String type = null;
        if (inputType == null) {
            if (getObject) {
                p.add(cat, "'InputType' is required when reading one S3 object: JSON, JSONL, CSV or MANIFEST");
            }
        } else if (p.oneOf(inputType, Problems.at(cat, "InputType"), "InputType",
                List.of("JSON", "JSONL", "CSV", "MANIFEST", "PARQUET"))) {
            type = inputType.textValue();
        }
        JsonNode location = config.get("CSVHeaderLocation");
        JsonNode headers = config.get("CSVHeaders");
        boolean csv = "CSV".equals(type);
        if (!csv && (location != null || headers != null || config.has("CSVDelimiter"))) {
            p.add(cat, "CSVHeaderLocation, CSVHeaders and CSVDelimiter apply only to \"InputType\": \"CSV\"");
        }
        if (csv && location == null) {
            p.add(cat, "a CSV reader needs 'CSVHeaderLocation': FIRST_ROW or GIVEN (with CSVHeaders)");
        }
        if (location != null && p.oneOf(location, Problems.at(cat, "CSVHeaderLocation"), "CSVHeaderLocation",
                List.of("FIRST_ROW", "GIVEN"))) {
            boolean given = location.textValue().equals("GIVEN");
            if (given && headers == null) {
                p.add(cat, "\"CSVHeaderLocation\": \"GIVEN\" needs 'CSVHeaders': the column names as an array of strings");
            }
            if (!given && headers != null) {
                p.add(Problems.at(cat, "CSVHeaders"), "'CSVHeaders' applies only to \"CSVHeaderLocation\": \"GIVEN\"");
            }
        }
        if (headers != null) {
            boolean ok = headers.isArray() && !headers.isEmpty();
            for (JsonNode h : headers) {
                ok &= h.isTextual();
            }
            if (!ok) {
                p.add(Problems.at(cat, "CSVHeaders"), "'CSVHeaders' must be a non-empty array of strings");
            }
        }
        if (config.has("CSVDelimiter")) {
            p.oneOf(config.get("CSVDelimiter"), Problems.at(cat, "CSVDelimiter"), "CSVDelimiter",
                    List.of("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"));
        }
        if (config.has("ManifestType")) {
            p.oneOf(config.get("ManifestType"), Problems.at(cat, "ManifestType"), "ManifestType",
                    List.of("ATHENA_DATA", "S3_INVENTORY"));
        }
        exclusiveNumber(config, cat, "MaxItems", language, 0, MAX_ITEMS, true);
    }

    private void itemBatcher(JsonNode batcher, String at, QueryLanguage language) {
        unknown(batcher, at, "ItemBatcher", language == QueryLanguage.JSONPATH
                ? Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput")
                : Set.of("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"));
        if (!batcher.has("MaxItemsPerBatch") && !batcher.has("MaxItemsPerBatchPath") && !batcher.has("MaxInputBytesPerBatch")
                && !batcher.has("MaxInputBytesPerBatchPath")) {
            p.add(at, "an ItemBatcher needs 'MaxItemsPerBatch' or 'MaxInputBytesPerBatch' (or their Path forms)");
        }
        exclusiveNumber(batcher, at, "MaxItemsPerBatch", language, 1, Integer.MAX_VALUE, true);
        exclusiveNumber(batcher, at, "MaxInputBytesPerBatch", language, 1, MAX_BATCH_BYTES, true);
        if (batcher.has("BatchInput")) {
            payloads.objectPayload(batcher.get("BatchInput"), Problems.at(at, "BatchInput"), "BatchInput", language, true);
        }
    }

    private void resultWriter(JsonNode writer, String at, QueryLanguage language) {
        String args = language == QueryLanguage.JSONPATH ? "Parameters" : "Arguments";
        unknown(writer, at, "ResultWriter", Set.of("Resource", args, "WriterConfig"));
        JsonNode resource = writer.get("Resource");
        if (resource != null) {
            p.oneOf(resource, Problems.at(at, "Resource"), "Resource", List.of(S3_PUT_OBJECT));
            if (!writer.has(args)) {
                p.add(at, "a ResultWriter with a Resource needs '" + args + "' with the S3 Bucket and Prefix");
            }
        } else if (writer.has(args)) {
            p.add(at, "a ResultWriter with '" + args + "' needs \"Resource\": \"" + S3_PUT_OBJECT + "\"");
        } else if (!writer.has("WriterConfig")) {
            p.add(at, "a ResultWriter needs 'Resource' and '" + args + "' (S3 Bucket and Prefix), or 'WriterConfig'");
        }
        if (writer.has(args)) {
            payloads.objectPayload(writer.get(args), Problems.at(at, args), args, language, true);
        }
        JsonNode config = writer.get("WriterConfig");
        if (config != null && p.object(config, Problems.at(at, "WriterConfig"), "WriterConfig")) {
            String cat = Problems.at(at, "WriterConfig");
            unknown(config, cat, "WriterConfig", Set.of("OutputType", "Transformation"));
            if (config.has("OutputType")) {
                p.oneOf(config.get("OutputType"), Problems.at(cat, "OutputType"), "OutputType", List.of("JSON", "JSONL"));
            }
            if (config.has("Transformation")) {
                p.oneOf(config.get("Transformation"), Problems.at(cat, "Transformation"), "Transformation",
                        List.of("NONE", "COMPACT", "FLATTEN"));
            }
        }
    }

    /** {@code field} and {@code fieldPath} are exclusive; the value is an integer (or number) in range. */
    private void exclusiveNumber(JsonNode node, String at, String field, QueryLanguage language, long min, long max,
            boolean integer) {
        JsonNode v = node.get(field);
        JsonNode path = node.get(field + "Path");
        if (v != null && path != null) {
            p.add(Problems.at(at, field + "Path"), "'" + field + "' and '" + field + "Path' are exclusive; keep one");
        }
        if (v != null) {
            JsonNode n = payloads.numberOrExpression(v, Problems.at(at, field), field, language);
            if (n != null) {
                if (integer) {
                    p.integer(n, Problems.at(at, field), field, min, max);
                } else {
                    p.number(n, Problems.at(at, field), field, min, max);
                }
            }
        }
        if (path != null && language == QueryLanguage.JSONPATH) {
            payloads.referencePath(path, Problems.at(at, field + "Path"), field + "Path", false);
        }
    }

    private void unknown(JsonNode node, String at, String what, Set<String> allowed) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                p.add(Problems.at(at, f), "Field '" + f + "' is not supported in " + what + "; the fields are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }
}
