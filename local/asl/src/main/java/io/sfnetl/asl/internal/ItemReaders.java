package io.sfnetl.asl.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a Distributed Map's items (Developer Guide, "ItemReader (Map)"): a JSON array, JSON Lines, CSV (header from
 * the first row or {@code CSVHeaders}, values as strings) from {@code s3:getObject}, or the object list of
 * {@code s3:listObjectsV2}; at most MaxItems, as a stream (nothing holds all the items). Read failures are
 * {@code States.ItemReaderFailed}.
 */
final class ItemReaders {
    private ItemReaders() {
    }

    /**
     * Opens the reader's items as a stream: the JSON array is parsed element by element, JSON Lines and CSV line by
     * line, an inventory manifest's files one after the other; at most {@code maxItems}. The caller closes it.
     */
    static Items open(MapConfig.ItemReader r, JsonNode parameters, long maxItems, ItemReaderSource source) {
        String bucket = parameters.path("Bucket").asText(null);
        if (bucket == null) {
            throw new StatesError(ErrorNames.ITEM_READER_FAILED, "The ItemReader's Parameters must give a Bucket; got "
                    + Json.write(parameters));
        }
        String where = "s3://" + bucket + "/" + parameters.path("Key").asText("");
        return Items.guard(where, () -> {
            if (r.resource().endsWith(":s3:listObjectsV2")) {
                return listed(source.listObjects(bucket, parameters.path("Prefix").asText("")), maxItems);
            }
            String key = parameters.path("Key").asText(null);
            if (key == null) {
                throw new StatesError(ErrorNames.ITEM_READER_FAILED, "The ItemReader's Parameters must give a Key; got "
                        + Json.write(parameters));
            }
            InputStream in = source.getObject(bucket, key);
            try {
                return switch (r.inputType()) {
                    case "JSON" -> json(in, bucket, key, maxItems);
                    case "JSONL" -> jsonl(in, bucket, key, maxItems);
                    case "CSV" -> csv(in, r, maxItems);
                    case "MANIFEST" -> inventory(in, bucket, key, maxItems, source);
                    default -> throw new StatesError(ErrorNames.ITEM_READER_FAILED, "Unsupported InputType " + r.inputType());
                };
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        });
    }

    /** A stream of items; read failures are {@code States.ItemReaderFailed}. Not thread-safe. */
    abstract static class Items implements Iterator<JsonNode>, AutoCloseable {
        private final long max;
        private final Closeable resource;
        private String where = "";
        private long count;
        private JsonNode next;
        private boolean ended;

        Items(long max, Closeable resource) {
            this.max = max;
            this.resource = resource;
        }

        /** The next item, or null at the end. */
        abstract JsonNode read() throws IOException;

        /**
         * Appends the next item as compact JSON text (what {@link Json#write} gives for {@link #next()}, in UTF-8) to
         * {@code out}; false at the end. Readers of JSON text override it to copy the item without building its tree.
         */
        boolean readJson(JsonBytes out) throws IOException {
            JsonNode n = read();
            if (n == null) {
                return false;
            }
            out.append(Json.bytes(n));
            return true;
        }

        /**
         * Appends some of the next items (at most {@code maxItems}, whose sizes plus one each sum to at most
         * {@code maxBytes}) to {@code out} as their compact text, comma-separated, with a comma first when
         * {@code comma}; returns how many (0: none taken this way, read the next with {@link #nextJson}). A reader that
         * can copy a run of items at once overrides {@link #readJsonRun}.
         */
        final int nextJsonRun(JsonBytes out, boolean comma, int maxItems, long maxBytes) {
            if (next != null || ended) {
                return 0;
            }
            try {
                int n = readJsonRun(out, comma, (int) Math.min(maxItems, max - count), maxBytes);
                count += n;
                return n;
            } catch (IOException | StatesError e) {
                throw failure(where, e);
            }
        }

        /** See {@link #nextJsonRun}; by default none. */
        int readJsonRun(JsonBytes out, boolean comma, int maxItems, long maxBytes) throws IOException {
            return 0;
        }

        /** Like {@link #next()}, as JSON text appended to {@code out}; false at the end. Do not mix the two on one stream. */
        final boolean nextJson(JsonBytes out) {
            if (next != null) {
                throw new IllegalStateException("nextJson after hasNext: use next()");
            }
            if (ended || count >= max) {
                ended = true;
                return false;
            }
            boolean read;
            try {
                read = readJson(out);
            } catch (IOException | StatesError e) {
                throw failure(where, e);
            }
            if (read) {
                count++;
                return true;
            }
            ended = true;
            return false;
        }

        @Override
        public final boolean hasNext() {
            if (next == null && !ended) {
                if (count >= max) {
                    ended = true;
                } else {
                    next = guard(where, this::read);
                    ended = next == null;
                }
            }
            return next != null;
        }

        @Override
        public final JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode n = next;
            next = null;
            count++;
            return n;
        }

        @Override
        public void close() {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (IOException e) {
                // read to the end or abandoned: nothing to report
            }
        }

        interface Step<T> {
            T run() throws IOException;
        }

        static <T> T guard(String where, Step<T> step) {
            try {
                T t = step.run();
                if (t instanceof Items items) {
                    items.where = where;
                }
                return t;
            } catch (IOException | StatesError e) {
                throw failure(where, e);
            }
        }

        /** A read failure as {@code States.ItemReaderFailed}. */
        private static StatesError failure(String where, Exception e) {
            if (e instanceof StatesError s) {
                return s.error().equals(ErrorNames.ITEM_READER_FAILED) ? s
                        : new StatesError(ErrorNames.ITEM_READER_FAILED, s.error() + ": " + s.cause());
            }
            return new StatesError(ErrorNames.ITEM_READER_FAILED, "Cannot read " + where + ": " + e.getMessage());
        }
    }

    private static Items json(InputStream in, String bucket, String key, long max) throws IOException {
        InputStream[] rest = new InputStream[1];
        JsonScanner scanner = JsonScanner.open(in, rest);
        if (scanner != null) {
            return new Items(max, scanner) {
                @Override
                boolean readJson(JsonBytes out) throws IOException {
                    try {
                        return scanner.next(out);
                    } catch (JsonProcessingException e) {
                        throw notJson(bucket, key, e);
                    }
                }

                @Override
                int readJsonRun(JsonBytes out, boolean comma, int maxItems, long maxBytes) {
                    return scanner.nextRun(out, comma, maxItems, maxBytes);
                }

                @Override
                JsonNode read() throws IOException {
                    try {
                        return scanner.nextTree();
                    } catch (JsonProcessingException e) {
                        throw notJson(bucket, key, e);
                    }
                }
            };
        }
        // Not an array (the error below), or an encoding other than UTF-8: Jackson reads it.
        JsonParser p;
        try {
            p = Json.MAPPER.createParser(rest[0]);
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                JsonNode all = first == null ? null : Json.MAPPER.readTree(p);
                throw new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key
                        + " must hold a JSON array for InputType JSON, but it holds " + Json.kind(all));
            }
        } catch (JsonProcessingException e) {
            throw notJson(bucket, key, e);
        }
        return new Items(max, p) {
            @Override
            boolean readJson(JsonBytes out) throws IOException {
                try {
                    JsonToken t = p.nextToken();
                    if (t == null || t == JsonToken.END_ARRAY) {
                        return false;
                    }
                    out.append(copy(p, t).getBytes(StandardCharsets.UTF_8));
                    return true;
                } catch (JsonProcessingException e) {
                    throw notJson(bucket, key, e);
                }
            }

            @Override
            JsonNode read() throws IOException {
                try {
                    JsonToken t = p.nextToken();
                    if (t == null || t == JsonToken.END_ARRAY) {
                        return null;
                    }
                    return t == JsonToken.VALUE_NULL ? Json.NODES.nullNode() : Json.MAPPER.readTree(p);
                } catch (JsonProcessingException e) {
                    throw notJson(bucket, key, e);
                }
            }
        };
    }

    /**
     * The compact JSON text of the value at the parser's current token {@code t}, copied by streaming (a top-level
     * decimal as the tree writes it: a double).
     */
    static String copy(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return Json.write(Json.MAPPER.readTree(p));
        }
        var text = new java.io.StringWriter();
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(text)) {
            gen.copyCurrentStructure(p);
        }
        return text.toString();
    }

    private static StatesError notJson(String bucket, String key, JsonProcessingException e) {
        return new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key + " is not valid JSON: "
                + e.getMessage());
    }

    private static Items jsonl(InputStream in, String bucket, String key, long max) {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Items(max, reader) {
            private int n;

            @Override
            JsonNode read() throws IOException {
                String line;
                while ((line = reader.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        return Json.read(line);
                    } catch (IOException e) {
                        throw new StatesError(ErrorNames.ITEM_READER_FAILED, "s3://" + bucket + "/" + key + " line " + n
                                + " is not valid JSON: " + e.getMessage());
                    }
                }
                return null;
            }
        };
    }

    private static Items csv(InputStream in, MapConfig.ItemReader r, long max) {
        char delimiter = switch (r.csvDelimiter()) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Items(max, reader) {
            private List<String> headers = "GIVEN".equals(r.csvHeaderLocation()) ? r.csvHeaders() : null;

            @Override
            JsonNode read() throws IOException {
                List<String> row;
                while ((row = record(reader, delimiter)) != null) {
                    if (headers == null) {
                        headers = row;
                        continue;
                    }
                    ObjectNode o = Json.object();
                    for (int i = 0; i < headers.size(); i++) {
                        o.put(headers.get(i), i < row.size() ? row.get(i) : "");
                    }
                    return o;
                }
                return null;
            }
        };
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
    private static Items inventory(InputStream in, String bucket, String key, long max, ItemReaderSource source)
            throws IOException {
        String where = "s3://" + bucket + "/" + key;
        JsonNode manifest;
        try (in) {
            manifest = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
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
        String destination = manifest.path("destinationBucket").asText(bucket);
        String dataBucket = destination.startsWith("arn:") ? destination.substring(destination.lastIndexOf(':') + 1)
                : destination;
        Iterator<JsonNode> files = manifest.get("files").iterator();
        BufferedReader[] current = new BufferedReader[1];
        return new Items(max, () -> {
            if (current[0] != null) {
                current[0].close();
            }
        }) {
            @Override
            JsonNode read() throws IOException {
                while (true) {
                    if (current[0] == null) {
                        if (!files.hasNext()) {
                            return null;
                        }
                        String dataKey = files.next().path("key").asText(null);
                        if (dataKey == null) {
                            throw new StatesError(ErrorNames.ITEM_READER_FAILED, where
                                    + ": an entry of \"files\" has no \"key\"");
                        }
                        InputStream raw = source.getObject(dataBucket, dataKey);
                        current[0] = new BufferedReader(new InputStreamReader(
                                dataKey.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw,
                                StandardCharsets.UTF_8));
                    }
                    List<String> row = record(current[0], ',');
                    if (row == null) {
                        current[0].close();
                        current[0] = null;
                        continue;
                    }
                    if (row.size() == 1 && row.get(0).isEmpty()) {
                        continue;
                    }
                    ObjectNode o = Json.object();
                    for (int i = 0; i < schema.size() && i < row.size(); i++) {
                        String v = row.get(i);
                        o.put(schema.get(i), "Key".equals(schema.get(i))
                                ? java.net.URLDecoder.decode(v, StandardCharsets.UTF_8) : v);
                    }
                    return o;
                }
            }
        };
    }

    private static Items listed(List<ItemReaderSource.ObjectSummary> objects, long max) {
        Iterator<ItemReaderSource.ObjectSummary> it = objects.iterator();
        return new Items(max, null) {
            @Override
            JsonNode read() {
                if (!it.hasNext()) {
                    return null;
                }
                var o = it.next();
                ObjectNode n = Json.object();
                n.put("Etag", o.etag());
                n.put("Key", o.key());
                n.put("LastModified", o.lastModified().toString());
                n.put("Size", o.size());
                n.put("StorageClass", o.storageClass());
                return n;
            }
        };
    }
}
