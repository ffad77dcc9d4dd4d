package io.sfnetl.etl.spec.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.etl.errors.Problem;
import io.sfnetl.etl.rules.internal.RuleLoader;
import io.sfnetl.etl.rules.internal.Temporals;
import io.sfnetl.etl.transform.internal.JsonataBridge;
import io.sfnetl.etl.transform.internal.KeyTemplate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semantic checks of a spec document that a JSON Schema cannot express. Defensive: runs on documents that may
 * also have schema problems, and checks only values of the expected JSON type.
 */
public final class SpecChecks {
    private final JsonNode root;
    private final List<Problem> problems = new ArrayList<>();

    private SpecChecks(JsonNode root) {
        this.root = root;
    }

    /** @return every semantic problem, each with its JSON Pointer */
    public static List<Problem> check(JsonNode root) {
        SpecChecks c = new SpecChecks(root);
        c.format();
        Set<String> fields = c.fields();
        c.rules();
        Set<String> after = c.transforms(fields);
        c.target(after);
        return c.problems;
    }

    private void add(String location, String message) {
        problems.add(new Problem(location, message));
    }

    private void format() {
        JsonNode f = root.path("format");
        String type = f.path("type").asText("csv");
        boolean csv = type.equals("csv");
        for (String key : List.of("delimiter", "quote", "escape")) {
            JsonNode c = f.path(key);
            if (c.isTextual() && c.textValue().length() == 1) {
                char ch = c.textValue().charAt(0);
                if (ch >= 128 || ch == '\n' || ch == '\r') {
                    add("/format/" + key, "'" + c.textValue() + "' cannot be a " + key
                            + ": use a printable ASCII character (or \\t)");
                }
                if (!csv) {
                    add("/format/" + key, key + " applies to csv sources only; remove it for " + type);
                }
            }
        }
        String delimiter = f.path("delimiter").asText(",");
        String quote = f.path("quote").asText("\"");
        if (delimiter.equals(quote)) {
            add("/format/quote", "quote and delimiter are both '" + quote + "': they must differ");
        }
        if (f.path("escape").isTextual() && f.path("escape").textValue().equals(delimiter)) {
            add("/format/escape", "escape and delimiter are both '" + delimiter + "': they must differ");
        }
        boolean header = f.path("header").asBoolean(true);
        if (csv && !header && !f.path("columns").isArray()) {
            add("/format/columns", "a csv without header needs format.columns naming its columns in order");
        }
        if (csv && header && f.has("columns")) {
            add("/format/columns", "columns are read from the header when format.header is true; remove columns "
                    + "or set header to false");
        }
        if (!csv) {
            for (String key : List.of("header", "columns", "multiline")) {
                if (f.has(key)) {
                    add("/format/" + key, key + " applies to csv sources only; remove it for " + type);
                }
            }
            if (f.has("encoding") && !f.path("encoding").asText().equals("UTF-8")) {
                add("/format/encoding", "JSON sources are always UTF-8; remove encoding or set it to UTF-8");
            }
        }
        if (f.path("columns").isArray()) {
            Set<String> seen = new LinkedHashSet<>();
            JsonNode cols = f.path("columns");
            for (int i = 0; i < cols.size(); i++) {
                if (!seen.add(cols.get(i).asText())) {
                    add("/format/columns/" + i, "column '" + cols.get(i).asText() + "' is named twice");
                }
            }
        }
    }

    /** @return the declared field names */
    private Set<String> fields() {
        Set<String> names = new LinkedHashSet<>();
        JsonNode fields = root.path("fields");
        JsonNode columns = root.path("format").path("columns");
        boolean declaredColumns = root.path("format").path("type").asText("csv").equals("csv")
                && !root.path("format").path("header").asBoolean(true) && columns.isArray();
        Set<String> columnNames = new LinkedHashSet<>();
        columns.forEach(c -> columnNames.add(c.asText()));
        for (int i = 0; i < fields.size(); i++) {
            JsonNode f = fields.get(i);
            String at = "/fields/" + i;
            String name = f.path("name").asText("");
            if (!name.isEmpty() && !names.add(name)) {
                add(at + "/name", "field name '" + name + "' is declared twice: field names must be unique");
            }
            String source = f.path("source").asText(name);
            if (declaredColumns && !source.isEmpty() && !columnNames.contains(source)) {
                add(at + (f.has("source") ? "/source" : "/name"), "column '" + source
                        + "' is not in format.columns " + columnNames);
            }
            field(f, at);
        }
        return names;
    }

    private void field(JsonNode f, String at) {
        String type = f.path("type").asText("");
        boolean temporal = type.equals("date") || type.equals("timestamp");
        if (f.path("pattern").isTextual()) {
            try {
                Pattern.compile(f.path("pattern").textValue());
            } catch (PatternSyntaxException e) {
                add(at + "/pattern", "not a valid regular expression: " + e.getDescription() + " near index "
                        + e.getIndex());
            }
        }
        JsonNode formats = f.path("formats");
        if (formats.isArray() && !temporal) {
            add(at + "/formats", "formats apply to date and timestamp fields only, not " + type);
        }
        for (int j = 0; temporal && j < formats.size(); j++) {
            String p = formats.get(j).asText();
            if (p.equals(Temporals.ISO) || (type.equals("timestamp")
                    && (p.equals(Temporals.EPOCH_SECONDS) || p.equals(Temporals.EPOCH_MILLIS)))) {
                continue;
            }
            try {
                Temporals.pattern(p);
            } catch (IllegalArgumentException e) {
                add(at + "/formats/" + j, "not a valid date/time pattern '" + p + "': " + e.getMessage());
            }
        }
        ZoneId zone = null;
        if (f.path("zone").isTextual()) {
            if (!type.equals("timestamp")) {
                add(at + "/zone", "zone applies to timestamp fields only");
            }
            try {
                zone = ZoneId.of(f.path("zone").textValue());
            } catch (RuntimeException e) {
                add(at + "/zone", "unknown time zone '" + f.path("zone").textValue()
                        + "': use a region id like Europe/Paris or an offset like +01:00");
            }
        }
        Comparable<?> min = bound(f, "min", type, zone, at);
        Comparable<?> max = bound(f, "max", type, zone, at);
        if (min != null && max != null && compare(min, max) > 0) {
            add(at + "/min", "min " + f.path("min").asText() + " is greater than max " + f.path("max").asText());
        }
        JsonNode minLength = f.path("minLength");
        JsonNode maxLength = f.path("maxLength");
        if (minLength.isInt() && maxLength.isInt() && minLength.intValue() > maxLength.intValue()) {
            add(at + "/minLength", "minLength " + minLength.intValue() + " is greater than maxLength "
                    + maxLength.intValue());
        }
        if (f.path("ignoreCase").asBoolean(false) && !f.has("enum")) {
            add(at + "/ignoreCase", "ignoreCase applies to enum; add enum or remove ignoreCase");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    private Comparable<?> bound(JsonNode f, String key, String type, ZoneId zone, String at) {
        JsonNode v = f.path(key);
        if (v.isMissingNode() || !(v.isTextual() || v.isNumber())) {
            return null;
        }
        String text = v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
        switch (type) {
            case "integer", "decimal" -> {
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    add(at + "/" + key, key + " '" + text + "' is not a number");
                }
            }
            case "date" -> {
                try {
                    return LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    add(at + "/" + key, key + " '" + text + "' is not an ISO date (YYYY-MM-DD)");
                }
            }
            case "timestamp" -> {
                Instant t = new Temporals.TimestampParser(List.of(Temporals.ISO), zone == null ? ZoneId.of("UTC") : zone)
                        .parse(text);
                if (t == null) {
                    add(at + "/" + key, key + " '" + text + "' is not an ISO timestamp (2024-01-31T00:00:00Z)");
                }
                return t;
            }
            case "string", "boolean" -> add(at + "/" + key, key + " does not apply to " + type
                    + " fields" + (type.equals("string") ? "; use minLength/maxLength" : ""));
            default -> {
                // unknown type: reported by the schema
            }
        }
        return null;
    }

    private void rules() {
        JsonNode rules = root.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).isTextual()) {
                try {
                    RuleLoader.load(rules.get(i).textValue());
                } catch (IllegalArgumentException e) {
                    add("/rules/" + i, e.getMessage());
                }
            }
        }
    }

    /** Follows the field names through the transforms. @return the names after the last transform */
    private Set<String> transforms(Set<String> declared) {
        Set<String> names = new LinkedHashSet<>(declared);
        JsonNode transforms = root.path("transforms");
        for (int i = 0; i < transforms.size(); i++) {
            JsonNode t = transforms.get(i);
            String at = "/transforms/" + i;
            String field = t.path("field").asText(null);
            switch (t.path("op").asText("")) {
                case "rename" -> {
                    if (known(names, field, at + "/field")) {
                        String to = t.path("to").asText(null);
                        if (to != null && names.contains(to)) {
                            add(at + "/to", "cannot rename to '" + to + "': a field with that name exists");
                        }
                        names.remove(field);
                        if (to != null) {
                            names.add(to);
                        }
                    }
                }
                case "trim", "case", "drop" -> {
                    JsonNode list = t.path("fields");
                    for (int j = 0; j < list.size(); j++) {
                        known(names, list.get(j).asText(null), at + "/fields/" + j);
                    }
                    if (t.path("op").asText().equals("drop")) {
                        list.forEach(n -> names.remove(n.asText()));
                    }
                }
                case "cast" -> known(names, field, at + "/field");
                case "default" -> {
                    if (field != null) {
                        names.add(field);
                    }
                }
                case "derive" -> {
                    if (t.path("expression").isTextual()) {
                        try {
                            new JsonataBridge(t.path("expression").textValue());
                        } catch (IllegalArgumentException e) {
                            add(at + "/expression", e.getMessage());
                        }
                    }
                    if (field != null) {
                        names.add(field);
                    }
                }
                default -> {
                    // unknown op: reported by the schema
                }
            }
        }
        return names;
    }

    private boolean known(Set<String> names, String field, String at) {
        if (field == null) {
            return false;
        }
        if (!names.contains(field)) {
            add(at, "unknown field '" + field + "' (fields at this point: " + names + ")");
            return false;
        }
        return true;
    }

    private void target(Set<String> names) {
        JsonNode target = root.path("target");
        String pk = target.path("partitionKey").path("name").asText(null);
        String sk = target.path("sortKey").path("name").asText(null);
        key(target.path("partitionKey"), "/target/partitionKey", names);
        key(target.path("sortKey"), "/target/sortKey", names);
        if (pk != null && pk.equals(sk)) {
            add("/target/sortKey/name", "the sort key must not have the partition key's name '" + pk + "'");
        }
    }

    private void key(JsonNode key, String at, Set<String> names) {
        if (!key.path("name").isTextual()) {
            return;
        }
        boolean explicit = key.path("template").isTextual();
        String template = explicit ? key.path("template").textValue() : "{" + key.path("name").textValue() + "}";
        String where = at + (explicit ? "/template" : "/name");
        try {
            for (String field : KeyTemplate.parse(template).fields()) {
                if (!names.contains(field)) {
                    add(where, "key template '" + template + "' uses unknown field '" + field
                            + "' (fields after the transforms: " + names + ")");
                }
            }
        } catch (IllegalArgumentException e) {
            add(where, e.getMessage());
        }
    }
}
