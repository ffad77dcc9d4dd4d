package io.sfnetl.etl.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.storage.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format (EMF) document: a log line from which CloudWatch Logs extracts metrics
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * <pre>{"_aws": {"Timestamp": 1732456800000, "CloudWatchMetrics": [{"Namespace": "SfnEtl",
 *   "Dimensions": [["dataset", "stage"]], "Metrics": [{"Name": "RowsRead", "Unit": "Count"}, ...]}]},
 *  "dataset": "orders", "stage": "validate", "RowsRead": 1000, ..., "run": "r1", "chunk": "00003"}</pre>
 *
 * Dimensions are always {@code dataset} and {@code stage} (string members of the root); every metric is a number
 * member of the root; further string properties (run, chunk) are searchable with Logs Insights but are not
 * dimensions (they would create a metric per run). The local twin keeps the same lines in its function log. Not
 * thread-safe (build, then {@link #emit}).
 */
public final class Metrics {
    /** The CloudWatch namespace of the pipeline's metrics (the CDK dashboard plots it). */
    public static final String NAMESPACE = "SfnEtl";
    public static final String DATASET = "dataset";
    public static final String STAGE = "stage";

    /** The CloudWatch units this project uses (their exact names in the EMF {@code Unit} member). */
    public enum Unit {
        COUNT("Count"), BYTES("Bytes"), MILLISECONDS("Milliseconds"), PERCENT("Percent");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private record Value(Unit unit, Number value) {
    }

    private final String dataset;
    private final String stage;
    private final Map<String, Value> metrics = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Metrics(String dataset, String stage) {
        this.dataset = dataset == null || dataset.isBlank() ? "unknown" : dataset;
        this.stage = stage;
    }

    /** Metrics of one invocation of {@code stage} for {@code dataset} (null: "unknown"). */
    public static Metrics of(String dataset, String stage) {
        return new Metrics(dataset, stage);
    }

    public Metrics put(String name, Unit unit, Number value) {
        if (DATASET.equals(name) || STAGE.equals(name) || properties.containsKey(name)) {
            throw new IllegalArgumentException("metric name '" + name + "' is taken by a dimension or property");
        }
        metrics.put(name, new Value(unit, value));
        return this;
    }

    /** A string member that is not a dimension (e.g. run, chunk). */
    public Metrics property(String name, String value) {
        if (value != null && !DATASET.equals(name) && !STAGE.equals(name) && !metrics.containsKey(name)) {
            properties.put(name, value);
        }
        return this;
    }

    /** The EMF document. */
    public ObjectNode toJson(Instant timestamp) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DATASET).add(STAGE);
        ArrayNode defs = directive.putArray("Metrics");
        root.put(DATASET, dataset);
        root.put(STAGE, stage);
        metrics.forEach((name, v) -> {
            defs.addObject().put("Name", name).put("Unit", v.unit().cloudWatchName());
            root.put(name, v.value() instanceof BigDecimal d ? d : new BigDecimal(v.value().toString()));
        });
        properties.forEach(root::put);
        return root;
    }

    /** Writes the document as one line on the log output (stdout in Lambda: CloudWatch Logs extracts it). */
    public void emit() {
        if (!metrics.isEmpty()) {
            JsonLog.line(toJson(Instant.now()).toString());
        }
    }
}
