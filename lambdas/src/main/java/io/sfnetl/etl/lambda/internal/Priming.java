package io.sfnetl.etl.lambda.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.load.AttributeValues;
import io.sfnetl.etl.log.JsonLog;
import io.sfnetl.etl.read.ReadRange;
import io.sfnetl.etl.rules.RowValidator;
import io.sfnetl.etl.rules.ValidatedReader;
import io.sfnetl.etl.rules.Validation;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.stage.Counts;
import io.sfnetl.etl.stage.StageInput;
import io.sfnetl.etl.stage.StageOutput;
import io.sfnetl.etl.storage.Json;
import io.sfnetl.etl.storage.StagingLines;
import io.sfnetl.etl.transform.RowTransformer;
import io.sfnetl.etl.transform.Transformed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The container's one-time warm-up, run by the Lambda entry points' init (never by the twin or tests, which build
 * handlers with their own clients): parses a tiny built-in spec (loads and compiles the JSON Schema, JSONata),
 * validates, transforms and stages one row, converts it to DynamoDB attribute values and maps the stage records
 * with Jackson, all in memory. This moves class loading and first-use costs out of the first invocation into the
 * init phase, which Lambda runs at full CPU and which SnapStart snapshots. No network, no AWS calls.
 */
public final class Priming {
    private static final JsonLog LOG = JsonLog.get(Priming.class);
    private static final String SPEC = """
            {"dataset":"priming","format":{"type":"csv","header":true},
             "fields":[{"name":"id","type":"string","required":true,"pattern":"^[A-Z]+$"},
                       {"name":"n","type":"decimal","min":0},{"name":"q","type":"integer"},
                       {"name":"d","type":"date"},{"name":"t","type":"timestamp"}],
             "transforms":[{"op":"trim","fields":["id"]},{"op":"case","fields":["id"],"to":"lower"},
                           {"op":"derive","field":"x","expression":"n * q","type":"decimal","scale":2}],
             "target":{"table":"priming","partitionKey":{"name":"id","template":"{id}"}}}""";
    private static final String CSV = "id,n,q,d,t\nABC,1.50,2,2024-01-02,2024-01-02T03:04:05Z\n";

    private Priming() {
    }

    /** @return true when every step ran; a failure is logged (priming is an optimisation, never a reason to fail) */
    public static boolean run() {
        try {
            DatasetSpec spec = SpecParser.parse(new ByteArrayInputStream(SPEC.getBytes(StandardCharsets.UTF_8)),
                    "built-in priming spec");
            RowValidator validator = RowValidator.of(spec);
            RowTransformer transformer = RowTransformer.of(spec);
            ByteArrayOutputStream staged = new ByteArrayOutputStream();
            StagingLines.Writer out = new StagingLines.Writer(staged);
            try (ValidatedReader reader = ValidatedReader.open(validator, spec,
                    new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), ReadRange.whole())) {
                while (reader.next()) {
                    // the fast path took the record; the general path (rejects, odd records) is primed beside it
                    if (reader.valid() != null && validator.validate(reader.record()) instanceof Validation.Valid
                            && transformer.transform(reader.valid()) instanceof Transformed.Ok ok) {
                        out.row(reader.offset(), reader.line(), ok.values());
                    } else {
                        throw new IllegalStateException("the priming row did not pass validation and transforms");
                    }
                }
            }
            out.flush();
            try (StagingLines.Reader in = new StagingLines.Reader(new ByteArrayInputStream(staged.toByteArray()))) {
                ObjectNode item = in.next().row();
                AttributeValues.item(item);
            }
            StageInput input = Json.MAPPER.convertValue(Map.of("run", "p", "chunk", "0", "spec", "s3://b/k",
                    "read", List.of("k"), "counts", Counts.ZERO), StageInput.class);
            Json.MAPPER.convertValue(new StageOutput(true, null, input.keys(), List.of(), Counts.ZERO, "0"), Map.class);
            return true;
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("priming failed; the first invocation pays the warm-up instead", Map.of("error", String.valueOf(e)));
            return false;
        }
    }
}
