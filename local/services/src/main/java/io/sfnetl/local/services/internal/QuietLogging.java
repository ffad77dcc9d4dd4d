package io.sfnetl.local.services.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded servers' logging at WARN. s3proxy and Jetty log every request at DEBUG, which is
 * logback's default level without a configuration, and DEBUG logging cut S3 throughput about 50 times.
 *
 * <p>Done in code instead of a shipped {@code logback.xml}, which would clash with the application's own:
 * only loggers whose level nobody configured are set, so an application's logback configuration still
 * wins.
 */
public final class QuietLogging {

    static final List<String> SERVER_LOGGERS = List.of(
            "org.gaul",                               // s3proxy and its shaded Jetty
            "org.eclipse.jetty",                      // DynamoDB Local's Jetty
            "com.amazonaws.services.dynamodbv2");     // DynamoDB Local (log4j2 -> ERROR by default anyway)

    /** sqlite4java logs through java.util.logging; held strongly, JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger SQLITE = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private QuietLogging() {
    }

    public static void apply() {
        if (SQLITE.getLevel() == null) {
            SQLITE.setLevel(java.util.logging.Level.WARNING);
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: its own configuration decides
        }
        for (String name : SERVER_LOGGERS) {
            var logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
