package io.sfnetl.asl.validation.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which fields each state type accepts in each query language (Step Functions developer guide, "States" pages and
 * "Transforming data with JSONata"). One table, so that adding a field is one line.
 */
public final class StateFields {

    public static final List<String> TYPES = List.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    /** Fields only JSONPath states may use. */
    public static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "Result", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
            "ErrorPath", "CausePath", "ItemsPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath", "Iterator");
    /** Fields only JSONata states may use. */
    public static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

    private static final Map<String, Set<String>> BOTH = Map.of(
            "Pass", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Output"),
            "Task", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Retry", "Catch", "Credentials", "Arguments", "Output"),
            "Choice", Set.of("Assign", "InputPath", "OutputPath", "Choices", "Default", "Output"),
            "Wait", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp",
                    "TimestampPath", "Output"),
            "Succeed", Set.of("InputPath", "OutputPath", "Output"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Branches", "Retry", "Catch", "Arguments", "Output"),
            "Map", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
                    "ItemsPath", "Items", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency",
                    "MaxConcurrencyPath", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
                    "Retry", "Catch", "Output"));

    /** Every field name any state type accepts, for "did you mean" style messages. */
    public static final Set<String> ALL_FIELDS = Stream.concat(COMMON.stream(),
            BOTH.values().stream().flatMap(Set::stream)).collect(Collectors.toUnmodifiableSet());

    private StateFields() {
    }

    /** True if {@code type} accepts {@code field} in {@code language}. */
    public static boolean allowed(String type, String field, QueryLanguage language) {
        if (COMMON.contains(field)) {
            return true;
        }
        Set<String> fields = BOTH.get(type);
        if (fields == null || !fields.contains(field)) {
            return false;
        }
        return language == QueryLanguage.JSONPATH ? !JSONATA_ONLY.contains(field) : !JSONPATH_ONLY.contains(field);
    }

    /** True if {@code type} accepts {@code field} in some query language. */
    public static boolean known(String type, String field) {
        return COMMON.contains(field) || BOTH.getOrDefault(type, Set.of()).contains(field);
    }

    /** The fields {@code type} accepts in {@code language}, sorted, for messages. */
    public static List<String> fieldsOf(String type, QueryLanguage language) {
        return Stream.concat(COMMON.stream(), BOTH.getOrDefault(type, Set.of()).stream())
                .filter(f -> allowed(type, f, language)).sorted().toList();
    }

    /** True for the types that take Next or End. */
    public static boolean hasTransition(String type) {
        return switch (type) {
            case "Pass", "Task", "Wait", "Parallel", "Map" -> true;
            default -> false;
        };
    }
}
