package io.sfnetl.asl;

import static io.sfnetl.asl.RedriveTest.CHAIN;
import static io.sfnetl.asl.RedriveTest.DISTRIBUTED;
import static io.sfnetl.asl.RedriveTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfnetl.asl.RedriveTest.Tasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    /** Lets {@code blocked} calls hang (a task in flight when the process dies), counting them down in {@code entered}. */
    private static TaskInvoker blocking(Tasks tasks, Predicate<String> blocked, CountDownLatch entered,
            CountDownLatch release) {
        return r -> {
            if (blocked.test(Tasks.key(r))) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return tasks.invoke(r);
        };
    }

    private static void assertSequentialIds(Execution e) {
        List<HistoryEvent> h = e.history();
        assertThat(h).extracting(HistoryEvent::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, h.size()).mapToObj(i -> (long) i).toList());
    }

    @Test
    void resumeAll_haltedWhileTaskInFlight_completesWithSameOutputEachCompletedTaskOnce() throws Exception {
        String expected = Engine.builder().taskInvoker(new Tasks()).build()
                .start(StateMachine.parse(CHAIN), "ref", json("{\"v\": 3}")).await().output();
        var first = new Tasks();
        var inC = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Engine crashed = Engine.builder().journal(dir).taskInvoker(blocking(first, "C"::equals, inC, release)).build();
        Execution original = crashed.start(StateMachine.parse(CHAIN).withName("chain"), "run-1", json("{\"v\": 3}"));
        try {
            assertThat(inC.await(10, TimeUnit.SECONDS)).isTrue();
            crashed.halt();
        } finally {
            release.countDown();
        }

        var second = new Tasks();
        Engine engine = Engine.builder().journal(dir).taskInvoker(second).build();
        List<Execution> restored = engine.resumeAll();

        assertThat(restored).hasSize(1);
        Execution e = restored.get(0);
        assertThat(e.executionArn()).isEqualTo(original.executionArn());
        assertThat(e.await(Duration.ofSeconds(10))).isTrue();
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(e.output())).isEqualTo(json(expected));
        assertThat(List.of(first.calls("A"), first.calls("B"), second.calls("A"), second.calls("B"), second.calls("C")))
                .containsExactly(1, 1, 0, 0, 1);
        assertThat(e.history().stream().filter(ev -> ev.type().equals("LambdaFunctionScheduled"))).hasSize(3);
        assertSequentialIds(e);
        assertThat(engine.execution(e.executionArn())).containsSame(e);
    }

    @Test
    void resumeAll_haltedDuringDistributedMap_rerunsOnlyUnfinishedChildren() throws Exception {
        String input = "{\"items\": [{\"i\": 0}, {\"i\": 1}, {\"i\": 2}, {\"i\": 3}, {\"i\": 4}, {\"i\": 5}]}";
        String def = DISTRIBUTED.replace("\"MaxConcurrency\": 1", "\"MaxConcurrency\": 2");
        var store = new InMemoryObjectStore();
        var first = new Tasks();
        var twoBlocked = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        Engine crashed = Engine.builder().journal(dir).resultWriterSink(store)
                .taskInvoker(blocking(first, k -> !k.equals("Work0") && !k.equals("Work1"), twoBlocked, release)).build();
        crashed.start(StateMachine.parse(def), "dmap", json(input));
        try {
            assertThat(twoBlocked.await(10, TimeUnit.SECONDS)).isTrue();
            crashed.halt();
        } finally {
            release.countDown();
        }

        var second = new Tasks();
        Engine engine = Engine.builder().journal(dir).resultWriterSink(store).taskInvoker(second).build();
        Execution e = engine.resumeAll().get(0);

        assertThat(e.await(Duration.ofSeconds(10))).isTrue();
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(List.of(first.calls("Work0"), first.calls("Work1"), second.calls("Work0"), second.calls("Work1")))
                .containsExactly(1, 1, 0, 0);
        assertThat(IntStream.range(2, 6).map(i -> second.calls("Work" + i))).containsOnly(1);
        String key = json(e.output()).path("map").path("ResultWriterDetails").path("Key").asText();
        JsonNode succeeded = json(store.get("out", key.replace("manifest.json", "SUCCEEDED_0.json")).orElseThrow());
        assertThat(succeeded).hasSize(6);
        // the children resumed from the journal kept their inputs
        assertThat(IntStream.range(0, 6).mapToObj(i -> succeeded.get(i).path("Input").asText()))
                .containsExactly(IntStream.range(0, 6).mapToObj(i -> "{\"i\":" + i + "}").toArray(String[]::new));
        assertSequentialIds(e);
    }

    @Test
    void resumeAll_endedExecution_isRestoredAndRedrivable() {
        var first = new Tasks("B");
        Engine old = Engine.builder().journal(dir).taskInvoker(first).build();
        Execution failed = old.start(StateMachine.parse(CHAIN), "fails", json("{\"v\": 1}")).await();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

        var second = new Tasks();
        Engine engine = Engine.builder().journal(dir).taskInvoker(second).build();
        Execution e = engine.resumeAll().get(0);

        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Boom");
        assertThat(e.history()).hasSize(failed.history().size());
        assertThat(e.describe().path("redriveStatus").asText()).isEqualTo("REDRIVABLE");
        e.redrive().await();
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(List.of(second.calls("A"), second.calls("B"), second.calls("C"))).containsExactly(0, 1, 1);

        Execution again = Engine.builder().journal(dir).build().resumeAll().get(0);
        assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(again.redriveCount()).isEqualTo(1);
        assertThat(again.output()).isEqualTo(e.output());
    }

    @Test
    void resumeAll_tornLastLine_isIgnored() throws Exception {
        Engine.builder().journal(dir).taskInvoker(new Tasks()).build()
                .start(StateMachine.parse(CHAIN), "torn", json("{}")).await();
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        Files.writeString(file, "{\"k\":\"event\",\"arn\":\"x", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Execution e = Engine.builder().journal(dir).build().resumeAll().get(0);

        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void resumeAll_corruptLineInTheMiddle_failsNamingFileAndLine() throws Exception {
        Engine.builder().journal(dir).taskInvoker(new Tasks()).build()
                .start(StateMachine.parse(CHAIN), "corrupt", json("{}")).await();
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(2, "not json");
        Files.write(file, lines);

        assertThatThrownBy(() -> Engine.builder().journal(dir).build().resumeAll())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt at line 3")
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void start_nameAlreadyUsed_failsWithExecutionAlreadyExists() {
        Engine engine = Engine.builder().taskInvoker(new Tasks()).build();
        engine.start(StateMachine.parse(CHAIN), "same", json("{}")).await();
        assertThatThrownBy(() -> engine.start(StateMachine.parse(CHAIN), "same", json("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining("'same'");
    }

    @Test
    void start_nameInJournalOfEarlierEngine_failsWithExecutionAlreadyExists() {
        Engine.builder().journal(dir).taskInvoker(new Tasks()).build().start(StateMachine.parse(CHAIN), "once", json("{}"))
                .await();
        Engine engine = Engine.builder().journal(dir).taskInvoker(new Tasks()).build();
        assertThatThrownBy(() -> engine.start(StateMachine.parse(CHAIN), "once", json("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining("already exists in the journal");
    }

    @Test
    void resumeAll_withoutJournal_failsSayingHowToConfigure() {
        assertThatThrownBy(() -> Engine.builder().build().resumeAll()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("journal(dir)");
    }
}
