package io.sfnetl.etl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sfnetl.etl.stage.RemainingTime;
import io.sfnetl.etl.storage.Json;
import java.util.Map;
import java.util.UUID;

/**
 * Base of the ETL handlers. Each is a {@code RequestHandler<Map<String,Object>, Map<String,Object>>}: the Lambda
 * runtime hands it plain JSON maps (its own serializer knows nothing of our Jackson annotations), and the handler
 * converts them to and from its typed records with the project's mapper. The local twin may call
 * {@link #handleRequest} with a map parsed from the payload, or {@link #handleJson} with the payload text.
 *
 * <p>Errors are not caught: the runtime reports an {@link io.sfnetl.etl.errors.EtlException}'s fully-qualified
 * class name as {@code errorType}, which the state machine's Retry/Catch match.
 */
public abstract class JsonHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** Converts a typed result to the map the runtime serializes. */
    protected static Map<String, Object> toMap(Object result) {
        Map<String, Object> map = Json.MAPPER.convertValue(result, MAP);
        if (map != null && map.containsKey("done")) {
            // The state machine's ResultSelector reads $.Payload.cursor on every call, and a JSONPath that
            // matches nothing fails the state (States.Runtime). A finished stage therefore returns an empty
            // cursor instead of none; nothing reads it, since the Choice moves on when done is true.
            map.putIfAbsent("cursor", new java.util.LinkedHashMap<String, Object>());
        }
        return map;
    }

    /** Converts the runtime's map to a typed input. */
    protected static <T> T fromMap(Map<String, Object> input, Class<T> type) {
        return Json.MAPPER.convertValue(input, type);
    }

    /** Runs the handler on a JSON payload and returns the JSON result (what the Lambda service would return). */
    public final String handleJson(String payload, Context context) {
        try {
            Map<String, Object> in = Json.MAPPER.readValue(payload, MAP);
            return Json.MAPPER.writeValueAsString(handleRequest(in, context));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Payload is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    static RemainingTime remaining(Context context) {
        return context == null ? RemainingTime.unlimited() : RemainingTime.of(context);
    }

    static String requestId(Context context) {
        return context == null || context.getAwsRequestId() == null ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
    }
}
