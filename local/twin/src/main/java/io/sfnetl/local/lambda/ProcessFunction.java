package io.sfnetl.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.StatesError;
import io.sfnetl.local.lambda.internal.FunctionWorker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A function run under {@code --isolation process}: each container is its own JVM ({@link FunctionWorker}) with
 * {@code -Xmx} set to the function's memory size and the environment the CDK stack would give it, so that memory
 * limits, static state and timeouts behave as on Lambda. Containers are started on demand (a cold start), reused
 * while warm, and one serves one invocation at a time (concurrent invocations start more containers, as Lambda
 * scales). A container that runs past the timeout is killed: the invocation fails with {@code Sandbox.Timedout};
 * one that dies fails it with {@code Runtime.ExitError}. Thread-safe.
 *
 * @param javaOptions extra JVM options for every container (e.g. {@code -XX:TieredStopAtLevel=1})
 * @param logFile where the containers' stderr (the functions' logs) is appended, or null to inherit stderr
 */
public record ProcessFunction(String name, String handlerClass, int memoryMb, long timeoutMillis,
        Map<String, String> environment, List<String> javaOptions, Path logFile) {

    /** The running containers of one function. */
    public static final class Pool implements AutoCloseable {
        private final ProcessFunction fn;
        private final String arn;
        private final ObjectMapper mapper;
        private final Deque<Container> idle = new ArrayDeque<>();
        private final List<Container> all = new ArrayList<>();
        private boolean closed;

        public Pool(ProcessFunction fn, String arn, ObjectMapper mapper) {
            this.fn = fn;
            this.arn = arn;
            this.mapper = mapper;
        }

        /**
         * Invokes the function in a container.
         *
         * @throws StatesError as {@link LambdaRunner#invoke} does, plus {@code Runtime.ExitError}
         */
        public JsonNode invoke(String requestId, JsonNode payload) {
            Container c = take();
            boolean reusable = false;
            try {
                ObjectNode request = mapper.createObjectNode();
                request.put("requestId", requestId);
                request.set("payload", payload);
                JsonNode reply = c.call(mapper.writeValueAsString(request), fn.timeoutMillis() + 50, requestId);
                reusable = true;
                if (reply.has("errorType")) {
                    throw new StatesError(reply.get("errorType").asText(), errorCause(reply));
                }
                return reply.get("payload");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                give(c, reusable);
            }
        }

        private String errorCause(JsonNode reply) {
            ObjectNode cause = mapper.createObjectNode();
            cause.set("errorMessage", reply.get("errorMessage"));
            cause.set("errorType", reply.get("errorType"));
            cause.set("stackTrace", reply.get("stackTrace"));
            return cause.toString();
        }

        private synchronized Container take() {
            if (closed) {
                throw new StatesError("Lambda.ServiceException", "the local twin is shutting down");
            }
            Container c = idle.pollFirst();
            if (c != null && c.process.isAlive()) {
                return c;
            }
            c = new Container(start());
            c.awaitReady(fn.name());
            all.add(c);
            return c;
        }

        private synchronized void give(Container c, boolean reusable) {
            if (reusable && c.process.isAlive() && !closed) {
                idle.addFirst(c);
            } else {
                c.process.destroyForcibly();
                all.remove(c);
            }
        }

        private Process start() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + fn.memoryMb() + "m");
            cmd.addAll(fn.javaOptions());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(FunctionWorker.class.getName());
            cmd.addAll(List.of(fn.handlerClass(), fn.name(), arn, Integer.toString(fn.memoryMb()),
                    Long.toString(fn.timeoutMillis())));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(fn.environment());
            pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
            pb.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
            if (fn.logFile() != null) {
                pb.redirectError(ProcessBuilder.Redirect.appendTo(fn.logFile().toFile()));
            } else {
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            try {
                return pb.start();
            } catch (IOException e) {
                throw new StatesError("Lambda.ServiceException", "cannot start a container JVM for function " + fn.name()
                        + ": " + e.getMessage());
            }
        }

        /** Number of containers alive (idle or busy). */
        public synchronized int containers() {
            all.removeIf(c -> !c.process.isAlive());
            return all.size();
        }

        @Override
        public synchronized void close() {
            closed = true;
            all.forEach(c -> c.process.destroyForcibly());
            all.clear();
            idle.clear();
        }
    }

    /** One container JVM. Used by one invocation at a time. */
    static final class Container {
        /** The local limit of a container's init; AWS allows 10 s, a loaded local machine needs more. */
        static final long INIT_SECONDS = 120;
        final Process process;
        private final OutputStream in;
        private final BufferedReader out;

        Container(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Waits for the worker's init (JVM start, handler construction): at most {@link #INIT_SECONDS}. */
        void awaitReady(String function) {
            String line = readLine(TimeUnit.SECONDS.toMillis(INIT_SECONDS));
            if (line == null || !line.contains("\"ready\"")) {
                process.destroyForcibly();
                throw new StatesError("Runtime.ExitError", "{\"errorMessage\":\"the container of function " + function
                        + " did not start within " + INIT_SECONDS + " s (see the function log for its error)\","
                        + "\"errorType\":\"Runtime.ExitError\"}");
            }
        }

        /** The worker's next output line, read on a virtual thread (null at the end of its output). */
        private CompletableFuture<String> nextLine() {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }, Thread::startVirtualThread);
        }

        private String readLine(long timeoutMillis) {
            try {
                return nextLine().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Sends one request line and waits for the reply; kills the container after {@code timeoutMillis}. */
        JsonNode call(String request, long timeoutMillis, String requestId) throws IOException {
            in.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            CompletableFuture<String> reply = nextLine();
            String line;
            try {
                line = reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
                String message = String.format(Locale.ROOT, "RequestId: %s Error: Task timed out after %.2f seconds",
                        requestId, (timeoutMillis - 50) / 1000.0);
                throw new StatesError("Sandbox.Timedout",
                        "{\"errorMessage\":\"" + message + "\",\"errorType\":\"Sandbox.Timedout\"}");
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new StatesError("Lambda.SdkClientException", "the invocation was interrupted");
            } catch (ExecutionException e) {
                line = null;
            }
            if (line == null) {
                int code;
                try {
                    code = process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    code = -1;
                }
                String message = "RequestId: " + requestId + " Error: Runtime exited with error: exit status " + code;
                throw new StatesError("Runtime.ExitError",
                        "{\"errorMessage\":\"" + message + "\",\"errorType\":\"Runtime.ExitError\"}");
            }
            return new ObjectMapper().readTree(line);
        }
    }
}
