package io.sfnetl.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.StatesError;
import io.sfnetl.etl.log.JsonLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs Lambda handler classes in-process, as the Lambda service would: one handler instance per function (a
 * warm container), a {@link LocalContext} whose remaining time counts down from the function's timeout, and
 * the timeout enforced. Errors are reported as AWS reports them to Step Functions: a handler's exception
 * becomes the error named by its fully-qualified class name with the runtime's JSON cause
 * ({@code errorMessage}, {@code errorType}, {@code stackTrace}); a handler that runs past its timeout fails
 * with {@code Sandbox.Timedout} and its thread is interrupted (Java cannot kill it: its late writes are
 * harmless by the stage contract, see docs/architecture.md).
 *
 * <p>Thread-safe: concurrent invocations of the same function share the handler instance, as concurrent
 * Lambda containers would not; the ETL handlers are stateless per request, so this is equivalent.
 */
public final class LambdaRunner implements AutoCloseable {
    /** Lambda's synchronous invocation payload limit (request and response), 6 MB. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** A function registered with the runner. */
    public record LocalFunction(String name, int memoryMb, long timeoutMillis, RequestHandler<?, ?> handler) {
    }

    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, Invocation> methods = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final String accountRegionPrefix;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong THREADS = new AtomicLong();
    private static final JsonLog FUNCTION_LOG = JsonLog.get(LambdaRunner.class);
    private volatile Chaos.Injector chaos = Chaos.NONE.injector();
    private final Map<String, ProcessFunction.Pool> isolated = new ConcurrentHashMap<>();

    private record Invocation(Method method, JavaType inputType) {
    }

    public LambdaRunner(ObjectMapper mapper, String region, String account) {
        this.mapper = mapper;
        this.accountRegionPrefix = "arn:aws:lambda:" + region + ":" + account + ":function:";
    }

    public void register(LocalFunction function) {
        functions.put(function.name(), function);
        methods.put(function.name(), resolve(function.handler()));
    }

    /**
     * Injects faults ({@code --chaos}): a share of invocations fails before the handler runs, with a Lambda service
     * error. Default: none.
     */
    public void chaos(Chaos c) {
        this.chaos = c.injector();
    }

    /** The fault injector in use ({@link Chaos#NONE}'s when none was set): its counts say how many calls failed. */
    public Chaos.Injector chaos() {
        return chaos;
    }

    /**
     * Registers a function that runs in its own JVMs ({@code --isolation process}); see {@link ProcessFunction}.
     * Replaces an in-process registration of the same name.
     */
    public void register(ProcessFunction function) {
        functions.remove(function.name());
        ProcessFunction.Pool old = isolated.put(function.name(), new ProcessFunction.Pool(function,
                arnOf(function.name()), mapper));
        if (old != null) {
            old.close();
        }
    }

    /** The ARN the twin gives a registered function, as the CDK stack's functions would have one. */
    public String arnOf(String functionName) {
        return accountRegionPrefix + functionName;
    }

    /**
     * Invokes a function synchronously ({@code RequestResponse}).
     *
     * @param functionNameOrArn a registered name, its ARN, or a qualified ARN ({@code :$LATEST})
     * @return the handler's result as JSON (null becomes JSON null)
     * @throws StatesError {@code Lambda.ResourceNotFoundException} for an unknown function, the handler's
     *     exception class name for a function error, {@code Sandbox.Timedout} after the timeout, an injected Lambda
     *     service error under {@link #chaos(Chaos)}
     */
    public JsonNode invoke(String functionNameOrArn, JsonNode payload) {
        ProcessFunction.Pool pool = isolated.get(nameOf(functionNameOrArn));
        if (pool != null) {
            chaos.maybeFail(nameOf(functionNameOrArn));
            return pool.invoke(UUID.randomUUID().toString(), payload);
        }
        LocalFunction fn = functions.get(nameOf(functionNameOrArn));
        if (fn == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + functionNameOrArn
                    + " (registered: " + functions.keySet() + (isolated.isEmpty() ? "" : " " + isolated.keySet()) + ")");
        }
        chaos.maybeFail(fn.name());
        Invocation call = methods.get(fn.name());
        String requestId = UUID.randomUUID().toString();
        Context context = new LocalContext(requestId, fn.name(), arnOf(fn.name()), fn.memoryMb(), fn.timeoutMillis(),
                LocalContext.stderrLogger(fn.name()));
        Object input;
        try {
            input = mapper.convertValue(payload, call.inputType());
        } catch (IllegalArgumentException e) {
            throw functionError(fn, new IllegalArgumentException("cannot deserialize the payload into "
                    + call.inputType().toCanonical() + ": " + e.getMessage(), e));
        }
        Future<Object> result = executor.submit(() -> call.method().invoke(fn.handler(), input, context));
        try {
            Object out = result.get(fn.timeoutMillis() + 50, TimeUnit.MILLISECONDS);
            JsonNode json = mapper.valueToTree(out);
            int size = mapper.writeValueAsBytes(json).length;
            if (size > MAX_PAYLOAD_BYTES) {
                throw new StatesError("Lambda.AWSLambdaException", "Response payload size (" + size
                        + " bytes) exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes).");
            }
            return json;
        } catch (TimeoutException e) {
            result.cancel(true);
            String message = String.format(Locale.ROOT, "RequestId: %s Error: Task timed out after %.2f seconds",
                    requestId, fn.timeoutMillis() / 1000.0);
            throw new StatesError("Sandbox.Timedout", cause(message, "Sandbox.Timedout", null));
        } catch (ExecutionException e) {
            Throwable t = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            throw functionError(fn, t);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new StatesError("Lambda.SdkClientException", "the invocation of " + fn.name() + " was interrupted");
        } catch (StatesError e) {
            throw e;
        } catch (Exception e) {
            throw functionError(fn, e);
        }
    }

    private String nameOf(String functionNameOrArn) {
        String s = functionNameOrArn;
        if (s.startsWith("arn:")) {
            String[] parts = s.split(":");
            s = parts.length > 6 ? parts[6] : s;
        }
        return s;
    }

    private StatesError functionError(LocalFunction fn, Throwable t) {
        String type = t.getClass().getName();
        // As the Lambda runtime does in CloudWatch Logs: the whole trace, causes included, in the function's log
        // (the error returned to the state machine keeps only the top frames of the outer exception).
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        FUNCTION_LOG.error("function error", Map.of("function", fn.name(), "errorType", type,
                "trace", trace.toString()));
        return new StatesError(type, cause(t.getMessage(), type, t));
    }

    private String cause(String message, String type, Throwable t) {
        ObjectNode c = mapper.createObjectNode();
        c.put("errorMessage", message);
        c.put("errorType", type);
        if (t != null) {
            ArrayNode trace = c.putArray("stackTrace");
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 20); i++) {
                trace.add(frames[i].toString());
            }
        }
        return c.toString();
    }

    private Invocation resolve(RequestHandler<?, ?> handler) {
        for (Method m : handler.getClass().getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                    && m.getParameterTypes()[1] == Context.class) {
                m.setAccessible(true);
                return new Invocation(m, mapper.getTypeFactory().constructType(m.getGenericParameterTypes()[0]));
            }
        }
        throw new IllegalArgumentException(handler.getClass().getName() + " has no handleRequest(I, Context) method");
    }

    @Override
    public void close() {
        isolated.values().forEach(ProcessFunction.Pool::close);
        executor.shutdownNow();
    }
}
