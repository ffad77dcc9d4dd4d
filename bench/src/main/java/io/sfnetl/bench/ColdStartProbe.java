package io.sfnetl.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sfnetl.etl.storage.Json;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The child of {@link ColdStartBench}: runs in a fresh JVM whose class path is only the shaded Lambda jar (plus this
 * class), as the Lambda runtime loads it. Builds the handler with its public no-arg constructor (clients and
 * configuration from the environment, like a cold container), invokes it twice with the payload in the file, and
 * prints one line: {@code probe jvm=<ms JVM start to main> init=<ms constructor> first=<ms> second=<ms>}.
 * Usage: {@code ColdStartProbe <handler class> <payload.json>}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = System.currentTimeMillis();
        long jvm = main - ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        RequestHandler<Map<String, Object>, Map<String, Object>> handler =
                (RequestHandler<Map<String, Object>, Map<String, Object>>) Class.forName(args[0])
                        .getConstructor().newInstance();
        long init = System.nanoTime() - t0;
        String payload = Files.readString(Path.of(args[1]));
        t0 = System.nanoTime();
        handler.handleRequest(Json.MAPPER.readValue(payload, new TypeReference<Map<String, Object>>() {}), null);
        long first = System.nanoTime() - t0;
        t0 = System.nanoTime();
        long second;
        try {
            handler.handleRequest(Json.MAPPER.readValue(payload, new TypeReference<Map<String, Object>>() {}), null);
            second = (System.nanoTime() - t0);
        } catch (RuntimeException e) {
            second = -1_000_000; // a repeat the handler refuses (e.g. a run lease): the warm time is unknown
        }
        System.out.printf(Locale.ROOT, "probe jvm=%d init=%d first=%d second=%d%n", jvm, init / 1_000_000,
                first / 1_000_000, second / 1_000_000);
    }
}
