package io.sfnetl.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Handlers for {@link ProcessFunctionTest}: public, with public no-arg constructors, as a container builds them. */
public final class IsolatedHandlers {
    private IsolatedHandlers() {
    }

    /** Reports where and how it runs. */
    public static final class Probe implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
            return Map.of("pid", ProcessHandle.current().pid(), "maxMemoryMb", Runtime.getRuntime().maxMemory() >> 20,
                    "env", String.valueOf(System.getenv("PROBE_VAR")), "echo", String.valueOf(input.get("x")),
                    "function", context.getFunctionName(), "memory", context.getMemoryLimitInMB());
        }
    }

    /** Never returns in time. */
    public static final class Sleeper implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    /** Always fails. */
    public static final class Thrower implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            throw new IllegalStateException("bad input " + input.get("x"));
        }
    }
}
