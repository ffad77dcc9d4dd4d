package io.sfnetl.etl.spec;

/**
 * A key attribute of the target table.
 *
 * @param name the attribute name in the item (a DynamoDB string attribute, type S)
 * @param template how its value is composed from the transformed item's fields: text with {@code {field}}
 *     placeholders, e.g. {@code {customer_id}#{order_date}}; {@code {{} and {@code }}} are literal braces
 */
public record KeySpec(String name, String template) {}
