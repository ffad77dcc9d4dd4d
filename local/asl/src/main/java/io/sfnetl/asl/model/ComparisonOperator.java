package io.sfnetl.asl.model;

import java.util.Arrays;
import java.util.Optional;

/** The data-test operators of a Choice rule, each with its ASL name; the {@code ...Path} forms compare with another path. */
public enum ComparisonOperator {
    StringEquals, StringEqualsPath, StringLessThan, StringLessThanPath, StringGreaterThan, StringGreaterThanPath,
    StringLessThanEquals, StringLessThanEqualsPath, StringGreaterThanEquals, StringGreaterThanEqualsPath,
    StringMatches,
    NumericEquals, NumericEqualsPath, NumericLessThan, NumericLessThanPath, NumericGreaterThan, NumericGreaterThanPath,
    NumericLessThanEquals, NumericLessThanEqualsPath, NumericGreaterThanEquals, NumericGreaterThanEqualsPath,
    BooleanEquals, BooleanEqualsPath,
    TimestampEquals, TimestampEqualsPath, TimestampLessThan, TimestampLessThanPath, TimestampGreaterThan,
    TimestampGreaterThanPath, TimestampLessThanEquals, TimestampLessThanEqualsPath, TimestampGreaterThanEquals,
    TimestampGreaterThanEqualsPath,
    IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp;

    /** True for the {@code ...Path} forms, whose value is a path to compare with. */
    public boolean isPath() {
        return name().endsWith("Path");
    }

    /** True for the type tests ({@code IsNull}, {@code IsPresent}, ...), whose value is a boolean. */
    public boolean isTypeTest() {
        return name().startsWith("Is");
    }

    /** The operator named {@code name} in a rule, if any. */
    public static Optional<ComparisonOperator> named(String name) {
        return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
    }
}
