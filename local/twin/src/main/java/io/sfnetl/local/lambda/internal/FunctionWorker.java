package io.sfnetl.local.lambda.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.lambda.LocalContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * The JVM of one function container under {@code --isolation process}: builds the handler with its public no-arg
 * constructor (SDK clients and configuration from the environment, as on AWS), then serves invocations one at a
 * time. Protocol on stdin/stdout, one JSON object per line: {@code {ready: true}} once the handler is built, then per
 * invocation a request {@code {requestId, payload}}, reply
 * {@code {payload}} or {@code {errorType, errorMessage, stackTrace}}. The handler's own output goes to stderr.
 *
 * <p>Arguments: handler class, function name, function ARN, memory MB, timeout ms.
 */
public final class FunctionWorker {
    private FunctionWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        String handlerClass = args[0];
        String name = args[1];
        String arn = args[2];
        int memoryMb = Integer.parseInt(args[3]);
        long timeoutMillis = Long.parseLong(args[4]);
        ObjectMapper mapper = new ObjectMapper();
        RequestHandler<?, ?> handler = (RequestHandler<?, ?>) Class.forName(handlerClass).getConstructor().newInstance();
        Method method = null;
        for (Method m : handler.getClass().getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                    && m.getParameterTypes()[1] == Context.class) {
                method = m;
            }
        }
        if (method == null) {
            throw new IllegalArgumentException(handlerClass + " has no handleRequest(I, Context) method");
        }
        JavaType inputType = mapper.getTypeFactory().constructType(method.getGenericParameterTypes()[0]);
        // The init phase is over (Lambda does not count it in the function's timeout).
        protocol.println("{\"ready\":true}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode request = mapper.readTree(line);
            Context context = new LocalContext(request.path("requestId").asText(), name, arn, memoryMb, timeoutMillis,
                    LocalContext.stderrLogger(name));
            ObjectNode reply = mapper.createObjectNode();
            try {
                Object input = mapper.convertValue(request.get("payload"), inputType);
                reply.set("payload", mapper.valueToTree(method.invoke(handler, input, context)));
            } catch (InvocationTargetException e) {
                error(reply, e.getCause());
            } catch (RuntimeException e) {
                error(reply, e);
            }
            protocol.println(mapper.writeValueAsString(reply));
        }
    }

    private static void error(ObjectNode reply, Throwable t) {
        reply.put("errorType", t.getClass().getName());
        reply.put("errorMessage", t.getMessage());
        ArrayNode trace = reply.putArray("stackTrace");
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 20); i++) {
            trace.add(frames[i].toString());
        }
    }
}
