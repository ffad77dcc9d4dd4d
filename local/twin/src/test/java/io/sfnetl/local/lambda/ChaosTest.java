package io.sfnetl.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChaosTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void parse_allKeys_readsRateErrorsSeed() {
        Chaos c = Chaos.parse("rate=0.05,errors=Lambda.ServiceException|Lambda.TooManyRequestsException,seed=7");
        assertThat(c.rate()).isEqualTo(0.05);
        assertThat(c.errors()).containsExactly("Lambda.ServiceException", "Lambda.TooManyRequestsException");
        assertThat(c.seed()).isEqualTo(7L);
        assertThat(Chaos.parse("rate=1").errors()).containsExactly("Lambda.ServiceException");
    }

    @Test
    void parse_unknownError_failsListingTheKnownOnes() {
        assertThatThrownBy(() -> Chaos.parse("rate=0.1,errors=Lambda.Oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown error 'Lambda.Oops'").hasMessageContaining("Lambda.ServiceException");
    }

    @Test
    void parse_badRateOrKey_failsWithTheExpectedForm() {
        assertThatThrownBy(() -> Chaos.parse("rate=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> Chaos.parse("rate=x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> Chaos.parse("errors=Lambda.ServiceException")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate is missing");
        assertThatThrownBy(() -> Chaos.parse("rate=0.1,speed=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'speed'");
    }

    @Test
    void invoke_withChaos_failsAShareBeforeTheHandlerWithServiceErrorShape() {
        AtomicInteger handled = new AtomicInteger();
        RequestHandler<Object, String> handler = (in, ctx) -> "ok " + handled.incrementAndGet();
        List<String> errors = new ArrayList<>();
        try (LambdaRunner runner = new LambdaRunner(mapper, "us-east-1", "000000000000")) {
            runner.register(new LambdaRunner.LocalFunction("F", 128, 5_000, handler));
            runner.chaos(Chaos.parse("rate=0.3,errors=Lambda.ServiceException,seed=42"));
            for (int i = 0; i < 200; i++) {
                try {
                    runner.invoke("F", mapper.createObjectNode());
                } catch (StatesError e) {
                    errors.add(e.error());
                    assertThat(e.cause()).contains("Status Code: 500", "Error Code: ServiceException", "function F");
                }
            }
        }
        assertThat(errors).hasSizeBetween(30, 90).containsOnly("Lambda.ServiceException");
        assertThat(handled.get()).as("a failed invocation never reached the handler").isEqualTo(200 - errors.size());
    }

    @Test
    void injector_sameSeed_sameSequence() {
        Chaos c = Chaos.parse("rate=0.5,errors=Lambda.ServiceException|Lambda.SdkClientException,seed=3");
        assertThat(draws(c)).isEqualTo(draws(c));
    }

    private static List<String> draws(Chaos c) {
        Chaos.Injector injector = c.injector();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            try {
                injector.maybeFail("F");
                out.add("ok");
            } catch (StatesError e) {
                out.add(e.error());
            }
        }
        return out;
    }
}
