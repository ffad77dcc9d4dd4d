package io.sfnetl.asl.mock;

import com.fasterxml.jackson.databind.JsonNode;

/** What a mocked state's invocation yields: a result, an error, or no entry for that invocation. */
public sealed interface MockResponse {

    /** The invocation succeeds with {@code value} as the task's raw result. */
    record Return(JsonNode value) implements MockResponse {
    }

    /** The invocation fails with {@code error} and {@code cause} (cause never null; may be empty). */
    record Throw(String error, String cause) implements MockResponse {
    }

    /** The mocked response has no entry for this invocation; the engine fails the execution with {@code message}. */
    record NoEntry(String message) implements MockResponse {
    }
}
