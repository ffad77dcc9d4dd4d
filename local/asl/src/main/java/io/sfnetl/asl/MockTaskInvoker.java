package io.sfnetl.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.mock.MockConfig;
import io.sfnetl.asl.mock.MockResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TaskInvoker serving a Step Functions Local mock-config test case: a state the test case names gets its mocked
 * responses, counted per state across the whole (root) execution, retries, Map iterations and Distributed Map child
 * executions included; an invocation without an entry fails the execution ({@code States.Runtime}). A state the test
 * case does not name calls {@code delegate}. Thread-safe; counts are kept per root execution ARN.
 */
public final class MockTaskInvoker implements TaskInvoker {
    private final MockConfig.TestCase testCase;
    private final TaskInvoker delegate;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public MockTaskInvoker(MockConfig.TestCase testCase, TaskInvoker delegate) {
        this.testCase = testCase;
        this.delegate = delegate;
    }

    /** A mock invoker whose unmocked states fail naming the state and resource. */
    public MockTaskInvoker(MockConfig.TestCase testCase) {
        this(testCase, TaskInvoker.unavailable());
    }

    @Override
    public JsonNode invoke(TaskRequest request) {
        if (!testCase.mocks(request.stateName())) {
            return delegate.invoke(request);
        }
        int n = counts.computeIfAbsent(request.rootExecutionArn() + "\u0000" + request.stateName(),
                k -> new AtomicInteger()).getAndIncrement();
        return switch (testCase.response(request.stateName(), n)) {
            case MockResponse.Return r -> r.value();
            case MockResponse.Throw t -> throw new StatesError(t.error(), t.cause());
            case MockResponse.NoEntry e -> throw new StatesError(ErrorNames.RUNTIME, e.message());
        };
    }
}
