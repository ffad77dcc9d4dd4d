package io.sfnetl.local.api.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.HistoryEvent;
import java.util.Iterator;
import java.util.Set;

/** Executions and history events rendered as the Step Functions API answers them (dates as epoch seconds). */
public final class Views {
    /** Detail fields that includeExecutionData=false leaves out, as AWS does. */
    private static final Set<String> DATA_FIELDS = Set.of("input", "output", "inputDetails", "outputDetails",
            "parameters", "result", "resultDetails", "parametersDetails");


    private Views() {
    }

    /** DescribeExecution's answer. */
    public static ObjectNode describe(Execution e, String mapRunArn) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("executionArn", e.executionArn());
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", e.name());
        o.put("status", e.status().name());
        Wire.date(o, "startDate", e.startDate());
        Wire.date(o, "stopDate", e.stopDate());
        o.put("input", e.input());
        o.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            o.put("output", e.output());
            o.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            o.put("error", e.error());
        }
        if (e.cause() != null) {
            o.put("cause", e.cause());
        }
        if (mapRunArn != null) {
            o.put("mapRunArn", mapRunArn);
        }
        o.put("redriveCount", e.redriveCount());
        Wire.date(o, "redriveDate", e.redriveDate());
        o.put("redriveStatus", e.redriveStatus());
        if (e.redriveStatusReason() != null) {
            o.put("redriveStatusReason", e.redriveStatusReason());
        }
        return o;
    }

    /** ListExecutions' item. */
    public static ObjectNode listItem(Execution e, String mapRunArn) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("executionArn", e.executionArn());
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", e.name());
        o.put("status", e.status().name());
        Wire.date(o, "startDate", e.startDate());
        Wire.date(o, "stopDate", e.stopDate());
        if (mapRunArn != null) {
            o.put("mapRunArn", mapRunArn);
        }
        o.put("redriveCount", e.redriveCount());
        Wire.date(o, "redriveDate", e.redriveDate());
        return o;
    }

    /** GetExecutionHistory's event; without execution data, inputs and outputs are left out. */
    public static ObjectNode event(HistoryEvent ev, boolean includeData) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Wire.date(o, "timestamp", ev.timestamp());
        o.put("type", ev.type());
        o.put("id", ev.id());
        o.put("previousEventId", ev.previousEventId());
        if (ev.detailsField() != null && ev.details() != null) {
            ObjectNode details = ev.details().deepCopy();
            if (!includeData) {
                for (Iterator<String> it = details.fieldNames(); it.hasNext(); ) {
                    if (DATA_FIELDS.contains(it.next())) {
                        it.remove();
                    }
                }
            }
            o.set(ev.detailsField(), details);
        }
        return o;
    }

    /** StartSyncExecution's answer: DescribeExecution's fields plus billing details. */
    public static ObjectNode sync(Execution e) {
        ObjectNode o = describe(e, null);
        o.remove("redriveCount");
        o.remove("redriveDate");
        o.remove("redriveStatus");
        o.remove("redriveStatusReason");
        ObjectNode billing = o.putObject("billingDetails");
        long millis = e.stopDate() == null ? 0 : e.stopDate().toEpochMilli() - e.startDate().toEpochMilli();
        billing.put("billedMemoryUsedInMB", 64);
        billing.put("billedDurationInMilliseconds", Math.max(100, (millis + 99) / 100 * 100));
        return o;
    }
}
