package io.sfnetl.cdk.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.cdk.config.InvalidConfigException;
import io.sfnetl.cdk.config.PipelineSettings;
import io.sfnetl.cdk.config.PipelineSettings.DatasetSettings;
import io.sfnetl.cdk.config.PipelineSettings.FunctionSettings;
import io.sfnetl.cdk.config.PipelineSettings.OperationsSettings;
import io.sfnetl.cdk.config.PipelineSettings.ScheduleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks {@code config/pipeline.json}; collects every problem before failing. Not thread-safe. */
public final class SettingsReader {

    /** The retention values CloudWatch Logs accepts. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,200}");
    private static final Pattern HANDLER = Pattern.compile("[A-Za-z_$][\\w$.]*::[A-Za-z_$][\\w$]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern AT = Pattern.compile("at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Path repoRoot;
    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public SettingsReader(Path repoRoot, Path file) {
        this.repoRoot = repoRoot;
        this.file = file;
    }

    public PipelineSettings read() {
        JsonNode root = readJson(file, "pipeline configuration");
        if (!root.isObject()) {
            fail("the pipeline configuration " + file, List.of("/: must be a JSON object"));
        }
        Map<String, FunctionSettings> functions = functions(root.path("functions"));
        ObjectNode runDefaults = runDefaults(root.path("runDefaults"), functions);
        ScheduleSettings schedule = schedule(root.path("schedule"));
        String jobsTable = text(root, "jobsTable", "/jobsTable", "the jobs table's name");
        if (jobsTable != null && !TABLE.matcher(jobsTable).matches()) {
            problems.add("/jobsTable: '" + jobsTable + "' is not a valid table name (3..200 of A-Z a-z 0-9 _ . -)");
        }
        OperationsSettings operations = operations(root.path("operations"));
        if (!problems.isEmpty()) {
            fail("pipeline configuration " + file, problems);
        }
        // Spec files are read only once the configuration itself is sound, so their errors are not noise.
        List<DatasetSettings> datasets = datasets(root.path("datasets"));
        if (!problems.isEmpty()) {
            fail("pipeline configuration " + file, problems);
        }
        return new PipelineSettings(functions, runDefaults, schedule, datasets, jobsTable, operations);
    }

    private Map<String, FunctionSettings> functions(JsonNode node) {
        Map<String, FunctionSettings> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            problems.add("/functions: must be an object of function name -> {handler, memoryMb, timeoutSeconds}");
            return out;
        }
        for (String name : PipelineSettings.FUNCTION_NAMES) {
            JsonNode f = node.path(name);
            String at = "/functions/" + name;
            if (!f.isObject()) {
                problems.add(at + ": missing; the stack deploys " + PipelineSettings.FUNCTION_NAMES
                        + " and needs {handler, memoryMb, timeoutSeconds} for each");
                continue;
            }
            String handler = text(f, "handler", at + "/handler", "a handler like 'pkg.Class::handleRequest'");
            if (handler != null && !HANDLER.matcher(handler).matches()) {
                problems.add(at + "/handler: '" + handler + "' is not 'fully.qualified.Class::method'");
            }
            int memory = integer(f, "memoryMb", at + "/memoryMb", 128, 10240, null);
            int timeout = integer(f, "timeoutSeconds", at + "/timeoutSeconds", 1, 900, null);
            out.put(name, new FunctionSettings(name, handler, memory, timeout));
        }
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            if (!PipelineSettings.FUNCTION_NAMES.contains(name)) {
                problems.add("/functions/" + name + ": unknown function; the stack deploys exactly "
                        + PipelineSettings.FUNCTION_NAMES + " (remove it or add its handler to lambdas/ and the stack)");
            }
        });
        return out;
    }

    private ObjectNode runDefaults(JsonNode node, Map<String, FunctionSettings> functions) {
        if (!node.isObject()) {
            problems.add("/runDefaults: must be an object {chunkBytes, maxConcurrency, toleratedFailurePercentage, "
                    + "maxRejectPercent, safetyMarginMillis}");
            return json.createObjectNode();
        }
        integer(node, "chunkBytes", "/runDefaults/chunkBytes", 1024, Integer.MAX_VALUE, null);
        integer(node, "maxConcurrency", "/runDefaults/maxConcurrency", 1, 10_000, null);
        number(node, "toleratedFailurePercentage", "/runDefaults/toleratedFailurePercentage", 0, 100);
        number(node, "maxRejectPercent", "/runDefaults/maxRejectPercent", 0, 100);
        int margin = integer(node, "safetyMarginMillis", "/runDefaults/safetyMarginMillis", 1000, 900_000, null);
        for (String stage : List.of("Validate", "Transform", "Load")) {
            FunctionSettings f = functions.get(stage);
            if (f != null && f.timeoutSeconds() > 0 && margin >= f.timeoutSeconds() * 1000L) {
                problems.add("/runDefaults/safetyMarginMillis: " + margin + " ms is not below " + stage
                        + "'s timeout (" + f.timeoutSeconds() + " s); the stage would stop before doing any work");
            }
        }
        return (ObjectNode) node.deepCopy();
    }

    private ScheduleSettings schedule(JsonNode node) {
        if (!node.isObject()) {
            problems.add("/schedule: must be an object {expression, timeZone, input, ...}");
            return null;
        }
        String expression = text(node, "expression", "/schedule/expression",
                "an EventBridge Scheduler expression like 'cron(0 5 * * ? *)'");
        if (expression != null) {
            checkExpression(expression);
        }
        String zone = text(node, "timeZone", "/schedule/timeZone", "an IANA time zone like 'Europe/London'");
        if (zone != null) {
            try {
                if (ZoneId.of(zone) instanceof ZoneOffset || zone.matches("(UTC|GMT|UT)?[+-].*")) {
                    problems.add("/schedule/timeZone: '" + zone + "' is an offset; use an IANA zone name like "
                            + "'Europe/London' or 'UTC' so daylight-saving changes are followed");
                }
            } catch (DateTimeException e) {
                problems.add("/schedule/timeZone: '" + zone + "' is not a time zone (" + e.getMessage()
                        + "); use an IANA name like 'Europe/London'");
            }
        }
        int window = integer(node, "flexibleWindowMinutes", "/schedule/flexibleWindowMinutes", 0, 1440, 0);
        boolean enabled = bool(node, "enabled", "/schedule/enabled", true);
        int retries = integer(node, "retryAttempts", "/schedule/retryAttempts", 0, 185, 3);
        int maxAge = integer(node, "maximumEventAgeSeconds", "/schedule/maximumEventAgeSeconds", 60, 86_400, 3600);
        JsonNode input = node.path("input");
        if (!input.isObject()) {
            problems.add("/schedule/input: must be the execution input template, a JSON object");
            return new ScheduleSettings(expression, zone, window, enabled, json.createObjectNode(), retries, maxAge);
        }
        Matcher m = PLACEHOLDER.matcher(input.toString());
        while (m.find()) {
            if (!m.group(1).equals("DataBucket")) {
                problems.add("/schedule/input: unknown placeholder ${" + m.group(1)
                        + "}; only ${DataBucket} is filled in (the Scheduler itself fills <aws.scheduler.*> values)");
            }
        }
        return new ScheduleSettings(expression, zone, window, enabled, (ObjectNode) input.deepCopy(), retries, maxAge);
    }

    /** Shape checks only; the full EventBridge grammar is the scheduler's (issue 8) and EventBridge's own. */
    private void checkExpression(String e) {
        String at = "/schedule/expression: '" + e + "' ";
        if (e.startsWith("cron(") && e.endsWith(")")) {
            String[] fields = e.substring(5, e.length() - 1).trim().split("\\s+");
            if (fields.length != 6) {
                problems.add(at + "has " + fields.length + " fields; EventBridge cron has six: minutes hours "
                        + "day-of-month month day-of-week year, e.g. 'cron(0 5 * * ? *)'");
            } else if (!fields[2].equals("?") && !fields[4].equals("?")) {
                problems.add(at + "gives both day-of-month and day-of-week; one of them must be '?'");
            }
        } else if (e.startsWith("rate(")) {
            Matcher m = RATE.matcher(e);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1
                    || (m.group(1).equals("1") == m.group(2).endsWith("s"))) {
                problems.add(at + "is not 'rate(value unit)' with a positive value and unit minute(s)/hour(s)/day(s) "
                        + "(singular for 1), e.g. 'rate(1 day)'");
            }
        } else if (!AT.matcher(e).matches()) {
            problems.add(at + "is not a cron(...), rate(...) or at(yyyy-mm-ddThh:mm:ss) expression");
        }
    }

    private OperationsSettings operations(JsonNode node) {
        if (!node.isMissingNode() && !node.isObject()) {
            problems.add("/operations: must be an object (every field optional)");
        }
        String email = null;
        JsonNode e = node.path("alarmEmail");
        if (e.isTextual() && !EMAIL.matcher(e.asText()).matches()) {
            problems.add("/operations/alarmEmail: '" + e.asText() + "' is not an email address (or use null for none)");
        } else if (e.isTextual()) {
            email = e.asText();
        } else if (!e.isMissingNode() && !e.isNull()) {
            problems.add("/operations/alarmEmail: must be an email address string or null, got " + e);
        }
        int retention = integer(node, "logRetentionDays", "/operations/logRetentionDays", 1, 3653, 30);
        if (retention > 0 && !LOG_RETENTION_DAYS.contains(retention)) {
            problems.add("/operations/logRetentionDays: " + retention + " is not a CloudWatch Logs retention; use one of "
                    + LOG_RETENTION_DAYS.stream().sorted().toList());
        }
        boolean protection = bool(node, "deletionProtection", "/operations/deletionProtection", true);
        int staging = integer(node, "stagingExpirationDays", "/operations/stagingExpirationDays", 14, 3650, 14);
        int manifests = integer(node, "manifestsExpirationDays", "/operations/manifestsExpirationDays", 14, 3650, 30);
        int results = integer(node, "resultsExpirationDays", "/operations/resultsExpirationDays", 14, 3650, 30);
        int rejects = integer(node, "rejectsExpirationDays", "/operations/rejectsExpirationDays", 1, 3650, 30);
        return new OperationsSettings(email, retention, protection, staging, manifests, results, rejects);
    }

    private List<DatasetSettings> datasets(JsonNode node) {
        List<DatasetSettings> out = new ArrayList<>();
        if (!node.isObject() || node.isEmpty()) {
            problems.add("/datasets: must be an object of dataset name -> {spec, table}, with at least one dataset");
            return out;
        }
        Map<String, String> tables = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            String at = "/datasets/" + name;
            if (!NAME.matcher(name).matches()) {
                problems.add(at + ": '" + name + "' is not a dataset name (a letter, then letters, digits, _ or -)");
            }
            JsonNode d = entry.getValue();
            String spec = text(d, "spec", at + "/spec", "the spec file's path relative to the repository root");
            String table = text(d, "table", at + "/table", "the logical DynamoDB table name");
            if (table != null && !TABLE.matcher(table).matches()) {
                problems.add(at + "/table: '" + table + "' is not a valid table name (3..200 of A-Z a-z 0-9 _ . -)");
            }
            String other = table == null ? null : tables.put(table, name);
            if (other != null) {
                problems.add(at + "/table: '" + table + "' is also the table of dataset '" + other
                        + "'; each dataset needs its own table");
            }
            if (spec == null) {
                return;
            }
            JsonNode target = readSpecTarget(spec, at);
            if (target == null) {
                return;
            }
            String pk = text(target.path("partitionKey"), "name", spec + "#/target/partitionKey/name",
                    "the partition key's attribute name");
            JsonNode sk = target.path("sortKey");
            String sortKey = sk.isMissingNode() || sk.isNull()
                    ? null : text(sk, "name", spec + "#/target/sortKey/name", "the sort key's attribute name");
            out.add(new DatasetSettings(name, spec, table, pk, sortKey));
        });
        return out;
    }

    private JsonNode readSpecTarget(String spec, String at) {
        Path path = repoRoot.resolve(spec);
        JsonNode root;
        try {
            root = json.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            problems.add(at + "/spec: file " + path + " does not exist (paths are relative to the repository root "
                    + repoRoot + ")");
            return null;
        } catch (IOException e) {
            problems.add(at + "/spec: " + path + " is not valid JSON: " + e.getMessage());
            return null;
        }
        JsonNode target = root.path("target");
        if (!target.isObject()) {
            problems.add(spec + "#/target: missing; a deployed dataset's spec must name its table key "
                    + "(target.partitionKey.name, optional target.sortKey.name)");
            return null;
        }
        return target;
    }

    private JsonNode readJson(Path path, String what) {
        try {
            return json.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(what, List.of(path + ": file not found (run from the repository root, "
                    + "where config/pipeline.json is)"));
        } catch (IOException e) {
            throw new InvalidConfigException(what, List.of(path + ": not valid JSON: " + e.getMessage()));
        }
    }

    private String text(JsonNode parent, String field, String at, String expected) {
        JsonNode v = parent.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(at + ": must be " + expected + ", got " + (v.isMissingNode() ? "nothing" : v.toString()));
            return null;
        }
        return v.asText();
    }

    /**
     * An integer in [min, max]; {@code dflt} null makes the field required. Returns -1 after recording a problem
     * (the load then fails), so that checks across fields can skip values already reported.
     */
    private int integer(JsonNode parent, String field, String at, int min, int max, Integer dflt) {
        JsonNode v = parent.path(field);
        if ((v.isMissingNode() || v.isNull()) && dflt != null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            problems.add(at + ": must be an integer in " + min + ".." + max + ", got "
                    + (v.isMissingNode() ? "nothing" : v.toString()));
            return -1;
        }
        return v.asInt();
    }

    private void number(JsonNode parent, String field, String at, double min, double max) {
        JsonNode v = parent.path(field);
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            problems.add(at + ": must be a number in " + (int) min + ".." + (int) max + ", got "
                    + (v.isMissingNode() ? "nothing" : v.toString()));
        }
    }

    private boolean bool(JsonNode parent, String field, String at, boolean dflt) {
        JsonNode v = parent.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            problems.add(at + ": must be true or false, got " + v);
            return dflt;
        }
        return v.asBoolean();
    }

    private static void fail(String source, List<String> problems) {
        throw new InvalidConfigException(source, problems);
    }
}
