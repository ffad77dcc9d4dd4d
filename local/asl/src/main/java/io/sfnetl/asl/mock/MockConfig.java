package io.sfnetl.asl.mock;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Step Functions Local mock configuration file (MockConfigFile.json). Immutable and thread-safe.
 */
public final class MockConfig {

    /** One test case: the states it mocks and their responses. Immutable and thread-safe. */
    public interface TestCase {
        /** The test case's name. */
        String name();

        /** True if this test case mocks {@code stateName}. */
        boolean mocks(String stateName);

        /** The response for the {@code invocationIndex}-th (zero-based) invocation of {@code stateName}. */
        MockResponse response(String stateName, int invocationIndex);
    }

    private MockConfig() {
    }

    /** Parses a mock configuration file. @throws MockConfigException if unreadable or invalid */
    public static MockConfig parse(Path file) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Parses mock configuration JSON; {@code sourceName} names it in error messages. */
    public static MockConfig parse(String json, String sourceName) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The test case, if the file defines it for that state machine. */
    public Optional<TestCase> testCase(String stateMachineName, String testCaseName) {
        throw new UnsupportedOperationException("not yet");
    }
}
