package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.sfnetl.local.services.internal.QuietLogging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLoggingTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void reset() {
        for (String name : new String[] {"org.gaul", "org.eclipse.jetty", "com.amazonaws.services.dynamodbv2"}) {
            context.getLogger(name).setLevel(null);
        }
    }

    @Test
    void apply_unconfiguredServerLoggers_setToWarn() {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);

        QuietLogging.apply();

        assertThat(context.getLogger("org.gaul.s3proxy.S3ProxyHandlerJetty").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.gaul.shaded.org.eclipse.jetty.server.Server").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.amazonaws.services.dynamodbv2.local").getEffectiveLevel())
                .isEqualTo(Level.WARN);
    }

    @Test
    void apply_levelConfiguredByApplication_keepsIt() {
        context.getLogger("org.gaul").setLevel(Level.DEBUG);

        QuietLogging.apply();

        assertThat(context.getLogger("org.gaul.s3proxy.S3ProxyHandlerJetty").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    }
}
