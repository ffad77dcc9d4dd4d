package io.sfnetl.etl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One step of the spec's ordered {@code transforms}, applied to each valid row by
 * {@link io.sfnetl.etl.transform.RowTransformer}. In the spec each is an object with {@code "op"} naming the kind.
 */
public sealed interface TransformSpec {

    /** {@code {"op":"rename","field":"a","to":"b"}}: the field moves to a new name. */
    record Rename(String field, String to) implements TransformSpec {}

    /** {@code {"op":"trim","fields":[...]}}: strips leading/trailing white space of string values (all strings if empty). */
    record Trim(List<String> fields) implements TransformSpec {
        public Trim {
            fields = List.copyOf(fields);
        }
    }

    /** {@code {"op":"case","fields":[...],"to":"upper|lower"}}: changes the case of string values (all if empty). */
    record Case(List<String> fields, boolean upper) implements TransformSpec {
        public Case {
            fields = List.copyOf(fields);
        }
    }

    /** {@code {"op":"cast","field":"x","to":"string|integer|decimal|boolean"}}: converts a value to another type. */
    record Cast(String field, FieldType to) implements TransformSpec {}

    /** {@code {"op":"default","field":"x","value":...}}: sets the value when the field is missing or null. */
    record Default(String field, JsonNode value) implements TransformSpec {}

    /**
     * {@code {"op":"derive","field":"total","expression":"amount * quantity","type":"decimal"?,"scale":2?}}: sets a
     * field to the value of a JSONata expression evaluated on the row. With {@code type} the result is cast to that
     * type; with {@code scale} a decimal result is rounded half-even to that many digits. An expression that yields
     * nothing leaves the field unset.
     */
    record Derive(String field, String expression, FieldType type, Integer scale) implements TransformSpec {}

    /** {@code {"op":"drop","fields":[...]}}: removes fields from the item. */
    record Drop(List<String> fields) implements TransformSpec {
        public Drop {
            fields = List.copyOf(fields);
        }
    }
}
