package io.sfnetl.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.internal.Json;
import java.time.Instant;

/**
 * One event of an execution history, shaped like GetExecutionHistory's {@code HistoryEvent}
 * (API reference "HistoryEvent"): {@code id} from 1, {@code previousEventId} (0 for the first event), a
 * timestamp, the {@code type} (e.g. {@code TaskStateEntered}) and one details object under its AWS field name
 * (e.g. {@code stateEnteredEventDetails}), or none.
 *
 * @param detailsField the details' field name, or null when the event has none (e.g. {@code LambdaFunctionStarted})
 * @param details the details (do not modify), or null
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsField,
        ObjectNode details) {

    /** The event as {@code aws stepfunctions get-execution-history} prints it (timestamp as ISO-8601). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("timestamp", timestamp.toString());
        o.put("type", type);
        o.put("id", id);
        o.put("previousEventId", previousEventId);
        if (detailsField != null) {
            o.set(detailsField, details);
        }
        return o;
    }
}
