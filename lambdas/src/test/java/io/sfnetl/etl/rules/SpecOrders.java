package io.sfnetl.etl.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.SpecParser;
import io.sfnetl.etl.spec.internal.Json;
import io.sfnetl.etl.testing.Records;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The orders sample spec and records for it. */
final class SpecOrders {
    static final String PATH = "../samples/orders/orders.spec.json";

    private SpecOrders() {
    }

    static DatasetSpec withRule(String rule) {
        try {
            ObjectNode t = (ObjectNode) Json.MAPPER.readTree(new File(PATH));
            t.putArray("rules").add(rule);
            return SpecParser.parse(new java.io.ByteArrayInputStream(t.toString().getBytes()), PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceRecord record(String... overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("order_id", "ORD-000001");
        v.put("customer_id", "C1");
        v.put("email", "a@b.co");
        v.put("order_date", "2024-03-01");
        v.put("amount", "19.99");
        v.put("currency", "EUR");
        v.put("quantity", "3");
        v.put("status", "PAID");
        v.put("notes", "");
        return Records.csv(v, overrides);
    }
}
