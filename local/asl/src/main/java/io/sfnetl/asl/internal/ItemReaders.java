package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.ErrorNames;
import io.sfnetl.asl.ItemReaderSource;
import io.sfnetl.asl.StatesError;
import io.sfnetl.asl.model.MapConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Distributed Map's items (Developer Guide, "ItemReader (Map)"): a JSON array, JSON Lines, CSV (header from
 * the first row or {@code CSVHeaders}, values as strings) from {@code s3:getObject}, or the object list of
 * {@code s3:listObjectsV2}; at most MaxItems. Read failures are {@code States.ItemReaderFailed}.
 */
final class ItemReaders {
    private ItemReaders() {
    }

    static List<JsonNode> read(MapConfig.ItemReader r, JsonNode parameters, long maxItems, ItemReaderSource source) {
        String bucket = parameters.path("Bucket").asText(null);
        if (bucket == null) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "The ItemReader's Parameters must give a Bucket; got "
                    + Json.write(parameters));
        }
        try {
            if (r.resource().endsWith(":s3:listObjectsV2")) {
                return listed(source.listObjects(bucket, parameters.path("Prefix").asText("")), maxItems);
            }
            String key = parameters.path("Key").asText(null);
            if (key == null) {
                throw new StatesError(ErrorNames.ITEM_READER_FAILED, "The ItemReader's Parameters must give a Key; got "
                        + Json.write(parameters));
            }
            try (InputStream in = source.getObject(bucket, key)) {
                return switch (r.inputType()) {
                    case "JSON" -> json(in, bucket, key, maxItems);
                    case "JSONL" -> jsonl(in, bucket, key, maxItems);
                    case "CSV" -> csv(in, r, maxItems);
                    case "MANIFEST" -> inventory(in, bucket, key, maxItems, source);
                    default -> throw new StatesError(ErrorNames.ITEM_READER_FAILED, "Unsupported InputType " + r.inputType());
                };
            }
        } catch (IOException e) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "Cannot read s3://" + bucket + "/"
                    + parameters.path("Key").asText("") + ": " + e.getMessage());
        } catch (StatesError e) {
            if (e.error().equals(ErrorNames.ITEM_READER_FAILED)) {
                throw e;
            }
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, e.error() + ": " + e.cause());
        }
    }

    private static List<JsonNode> json(InputStream in, String bucket, String key, long max) throws IOException {
        JsonNode all;
        try {
            all = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key + " is not valid JSON: "
                    + e.getMessage());
        }
        if (all == null || !all.isArray()) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key
                    + " must hold a JSON array for InputType JSON, but it holds " + Json.kind(all));
        }
        var out = new ArrayList<JsonNode>();
        for (JsonNode n : all) {
            if (out.size() >= max) {
                break;
            }
            out.add(n);
        }
        return out;
    }

    private static List<JsonNode> jsonl(InputStream in, String bucket, String key, long max) throws IOException {
        var out = new ArrayList<JsonNode>();
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null && out.size() < max) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.read(line));
            } catch (IOException e) {
                throw new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key + " line " + n
                        + " is not valid JSON: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<JsonNode> csv(InputStream in, MapConfig.ItemReader r, long max) throws IOException {
        char delimiter = switch (r.csvDelimiter()) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> headers = "GIVEN".equals(r.csvHeaderLocation()) ? r.csvHeaders() : null;
        var out = new ArrayList<JsonNode>();
        List<String> row;
        while ((row = record(reader, delimiter)) != null && out.size() < max) {
            if (headers == null) {
                headers = row;
                continue;
            }
            ObjectNode o = Json.object();
            for (int i = 0; i < headers.size(); i++) {
                o.put(headers.get(i), i < row.size() ? row.get(i) : "");
            }
            out.add(o);
        }
        return out;
    }

    /** One CSV record (RFC 4180 quoting; quoted fields may span lines), or null at the end. */
    private static List<String> record(BufferedReader reader, char delimiter) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        var fields = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= line.length()) {
                if (quoted) {
                    String next = reader.readLine();
                    if (next == null) {
                        break;
                    }
                    cur.append('\n');
                    line = next;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }

    /**
     * InputType MANIFEST: an S3 Inventory {@code manifest.json} ({@code fileFormat} CSV). Each listed data file
     * ({@code files[].key} in the {@code destinationBucket}, gzip-compressed CSV without a header) yields one item
     * per row, named by {@code fileSchema} ("Bucket, Key, Size, LastModifiedDate, ..."), values as strings.
     * Inventory reports URL-encode object keys; the item's {@code Key} is decoded so that it can be passed to
     * GetObject as is. ORC and Parquet inventories are refused with {@code States.ItemReaderFailed}.
     */
    private static List<JsonNode> inventory(InputStream in, String bucket, String key, long max,
            ItemReaderSource source) throws IOException {
        String where = "s3://" + bucket + "/" + key;
        JsonNode manifest;
        try {
            manifest = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, where + " is not a valid S3 Inventory manifest.json: "
                    + e.getMessage());
        }
        if (manifest == null || !manifest.isObject() || !manifest.path("files").isArray()
                || !manifest.path("fileSchema").isTextual()) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, where + " is not an S3 Inventory manifest.json: it needs"
                    + " \"fileSchema\" (text) and \"files\" (array of {\"key\": ...})");
        }
        String format = manifest.path("fileFormat").asText("CSV");
        if (!"CSV".equals(format)) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, where + " lists " + format
                    + " inventory files; Step Functions reads CSV inventories only");
        }
        List<String> schema = java.util.Arrays.stream(manifest.get("fileSchema").asText().split(","))
                .map(String::trim).toList();
        String dataBucket = manifest.path("destinationBucket").asText(bucket);
        if (dataBucket.startsWith("arn:")) {
            dataBucket = dataBucket.substring(dataBucket.lastIndexOf(':') + 1);
        }
        var out = new ArrayList<JsonNode>();
        for (JsonNode file : manifest.get("files")) {
            if (out.size() >= max) {
                break;
            }
            String dataKey = file.path("key").asText(null);
            if (dataKey == null) {
                throw new StatesError(ErrorNames.ITEM_READER_FAILED, where + ": an entry of \"files\" has no \"key\"");
            }
            try (InputStream raw = source.getObject(dataBucket, dataKey);
                    var reader = new BufferedReader(new InputStreamReader(
                            dataKey.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
                List<String> row;
                while (out.size() < max && (row = record(reader, ',')) != null) {
                    if (row.size() == 1 && row.get(0).isEmpty()) {
                        continue;
                    }
                    ObjectNode o = Json.object();
                    for (int i = 0; i < schema.size() && i < row.size(); i++) {
                        String v = row.get(i);
                        o.put(schema.get(i), "Key".equals(schema.get(i))
                                ? java.net.URLDecoder.decode(v, StandardCharsets.UTF_8) : v);
                    }
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> listed(List<ItemReaderSource.ObjectSummary> objects, long max) {
        var out = new ArrayList<JsonNode>();
        for (var o : objects) {
            if (out.size() >= max) {
                break;
            }
            ObjectNode n = Json.object();
            n.put("Etag", o.etag());
            n.put("Key", o.key());
            n.put("LastModified", o.lastModified().toString());
            n.put("Size", o.size());
            n.put("StorageClass", o.storageClass());
            out.add(n);
        }
        return out;
    }
}
