package io.sfnetl.etl.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a log line against the CloudWatch Embedded Metric Format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the root holds {@code _aws} with {@code Timestamp} (milliseconds since the epoch) and {@code CloudWatchMetrics} (an
 * array of MetricDirectives); each directive has {@code Namespace} (1-255 characters), {@code Dimensions} (an array
 * of DimensionSets: arrays of at most 30 names, each a string member of the root) and {@code Metrics} (at most 100
 * MetricDefinitions {@code {Name, Unit?, StorageResolution?}}, each Name a number member of the root or an array
 * of at most 100 numbers); Unit one of CloudWatch's units. Returns every violation.
 */
public final class EmfDocuments {
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private EmfDocuments() {
    }

    public static List<String> violations(JsonNode root) {
        List<String> out = new ArrayList<>();
        if (root == null || !root.isObject()) {
            out.add("root is not an object");
            return out;
        }
        JsonNode aws = root.get("_aws");
        if (aws == null || !aws.isObject()) {
            out.add("/_aws missing or not an object");
            return out;
        }
        JsonNode ts = aws.get("Timestamp");
        if (ts == null || !ts.isIntegralNumber() || ts.asLong() < 1_000_000_000_000L) {
            out.add("/_aws/Timestamp must be epoch milliseconds, was " + ts);
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray() || directives.isEmpty()) {
            out.add("/_aws/CloudWatchMetrics must be a non-empty array");
            return out;
        }
        for (int i = 0; i < directives.size(); i++) {
            JsonNode d = directives.get(i);
            String at = "/_aws/CloudWatchMetrics/" + i;
            JsonNode ns = d.get("Namespace");
            if (ns == null || !ns.isTextual() || ns.asText().isEmpty() || ns.asText().length() > 255) {
                out.add(at + "/Namespace must be a string of 1-255 characters");
            }
            JsonNode dims = d.get("Dimensions");
            if (dims == null || !dims.isArray()) {
                out.add(at + "/Dimensions must be an array of dimension sets");
            } else {
                for (JsonNode set : dims) {
                    if (!set.isArray() || set.size() > 30) {
                        out.add(at + "/Dimensions: a dimension set must be an array of at most 30 names");
                        continue;
                    }
                    for (JsonNode name : set) {
                        JsonNode v = root.get(name.asText());
                        if (v == null || !v.isTextual()) {
                            out.add(at + ": dimension '" + name.asText() + "' is not a string member of the root");
                        }
                    }
                }
            }
            JsonNode metrics = d.get("Metrics");
            if (metrics == null || !metrics.isArray() || metrics.size() > 100) {
                out.add(at + "/Metrics must be an array of at most 100 metric definitions");
                continue;
            }
            Set<String> names = new HashSet<>();
            for (JsonNode m : metrics) {
                String name = m.path("Name").asText("");
                if (name.isEmpty() || name.length() > 255 || !names.add(name)) {
                    out.add(at + "/Metrics: Name '" + name + "' must be 1-255 characters and unique");
                }
                Set<String> allowed = Set.of("Name", "Unit", "StorageResolution");
                m.fieldNames().forEachRemaining(f -> {
                    if (!allowed.contains(f)) {
                        out.add(at + "/Metrics/" + name + ": unknown member '" + f + "'");
                    }
                });
                if (m.has("Unit") && !UNITS.contains(m.get("Unit").asText())) {
                    out.add(at + "/Metrics/" + name + ": Unit '" + m.get("Unit").asText() + "' is not a CloudWatch unit");
                }
                JsonNode v = root.get(name);
                boolean ok = v != null && (v.isNumber() || v.isArray() && v.size() <= 100
                        && v.valueStream().allMatch(JsonNode::isNumber));
                if (!ok) {
                    out.add("metric '" + name + "' has no numeric value in the root (was " + v + ")");
                }
            }
        }
        return out;
    }
}
