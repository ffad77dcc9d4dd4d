package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.mock.MockConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario fixture under {@code src/test/resources/asl/} ({@code <StateType>With<Feature>.json}):
 * {@code definition}, {@code input}, optional {@code mockConfig} + {@code testCase}, optional {@code objects}
 * (bucket/key → content, for ItemReader), and {@code expect}: {@code status}, {@code output}, {@code error},
 * {@code causeContains}, {@code events} (the exact event type sequence), {@code objects} (keys the ResultWriter wrote).
 */
class ScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("src/test/resources/asl");

    static Stream<String> scenarios() throws IOException {
        try (var files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void run_scenario_matchesExpectedOutputAndHistory(String file) throws IOException {
        JsonNode s = JSON.readTree(DIR.resolve(file).toFile());
        var store = new InMemoryObjectStore();
        if (s.has("objects")) {
            s.get("objects").fields().forEachRemaining(e -> {
                int slash = e.getKey().indexOf('/');
                store.put(e.getKey().substring(0, slash), e.getKey().substring(slash + 1),
                        e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            });
        }
        TaskInvoker invoker = TaskInvoker.unavailable();
        StateMachine sm = StateMachine.parse(s.get("definition").toString()).withName("Scenario");
        if (s.has("mockConfig")) {
            var cfg = MockConfig.parse(s.get("mockConfig").toString(), file);
            invoker = new MockTaskInvoker(cfg.testCase("Scenario", s.get("testCase").asText()).orElseThrow());
        }
        Engine engine = Engine.builder().taskInvoker(invoker).waitTimeScale(0).itemReaderSource(store)
                .resultWriterSink(store).random(new java.util.Random(1)).build();
        Execution e = engine.start(sm, "test", s.get("input"));
        assertThat(e.await(Duration.ofSeconds(30))).as("execution ended").isTrue();
        JsonNode expect = s.get("expect");
        assertThat(e.status().name()).as("status (error %s: %s)", e.error(), e.cause())
                .isEqualTo(expect.path("status").asText("SUCCEEDED"));
        if (expect.has("output")) {
            assertThat(JSON.readTree(e.output())).isEqualTo(expect.get("output"));
        }
        if (expect.has("error")) {
            assertThat(e.error()).isEqualTo(expect.get("error").asText());
        }
        if (expect.has("causeContains")) {
            assertThat(e.cause()).contains(expect.get("causeContains").asText());
        }
        if (expect.has("events")) {
            List<String> types = new ArrayList<>();
            e.history().forEach(ev -> types.add(ev.type()));
            List<String> want = new ArrayList<>();
            expect.get("events").forEach(t -> want.add(t.asText()));
            assertThat(types).isEqualTo(want);
        }
        if (expect.has("objects")) {
            expect.get("objects").fields().forEachRemaining(o -> {
                int slash = o.getKey().indexOf('/');
                String text = store.get(o.getKey().substring(0, slash), o.getKey().substring(slash + 1)).orElse(null);
                assertThat(text).as(o.getKey()).isNotNull();
                try {
                    JsonNode actual = JSON.readTree(text);
                    if (o.getValue().isObject() || o.getValue().isArray()) {
                        assertThat(actual).as(o.getKey()).isEqualTo(o.getValue());
                    }
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
            });
        }
    }
}
