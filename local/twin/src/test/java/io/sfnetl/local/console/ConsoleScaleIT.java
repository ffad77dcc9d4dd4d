package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.asl.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console with a 10,000-event history and a 1,000-chunk Distributed Map: the page shows them (history paged and
 * searched, the map run's children and the Map box's totals over all 1,000) and answers scripts afterwards. How long each
 * took is measured, not asserted (the machine may be loaded; each step only has a generous deadline), and goes to
 * {@code target/console-scale.txt} (recorded in bench/RESULTS.md).
 */
@Tag("slow")
class ConsoleScaleIT {
    private static final String BIG_HISTORY = """
            {"StartAt": "Many", "States": {"Many": {"Type": "Map", "ItemsPath": "$.items", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Step",
                "States": {"Step": {"Type": "Pass", "Result": "<script>document.title='pwned'</script>", "End": true}}}}}}""";
    private static final Path REPORT = Path.of("target/console-scale.txt");

    private static ConsoleFixture fixture;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws IOException {
        driver = HeadlessChromium.start();
        fixture = new ConsoleFixture(0.01);
        Files.writeString(REPORT, "");
    }

    @AfterAll
    static void stop() {
        HeadlessChromium.close(driver, fixture);
    }

    private static Execution finished(String arn) {
        Execution e = fixture.server().service().executions().stream().filter(x -> x.executionArn().equals(arn))
                .findFirst().orElseThrow();
        assertThat(e.await(Duration.ofSeconds(120))).as("execution finished").isTrue();
        return e;
    }

    private static long openAndWait(String machineArn, String arn, String what,
            java.util.function.Function<WebDriver, Boolean> shown) {
        driver.get("about:blank");
        long t0 = System.nanoTime();
        driver.get(Console.url(fixture.server().endpoint()) + "#machine=" + machineArn + "&execution=" + arn);
        new WebDriverWait(driver, Duration.ofSeconds(120)).withMessage(what).until(shown::apply);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Round trip of a trivial script: long when the page's main thread is busy. */
    private static long scriptRoundTripMillis() {
        long t0 = System.nanoTime();
        ((JavascriptExecutor) driver).executeScript("return 1");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void record(String line) throws IOException {
        System.out.println("console scale: " + line);
        Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.APPEND);
    }

    @Test
    void tenThousandEventHistory_shownAndSearchable() throws Exception {
        String machine = fixture.deploy("console-big-history", BIG_HISTORY);
        var input = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        var items = input.putArray("items");
        for (int i = 0; i < 2500; i++) {
            items.add(i);
        }
        String arn = fixture.start(machine, "big-history", input);
        int events = finished(arn).history().size();
        assertThat(events).isGreaterThanOrEqualTo(10_000);
        long shown = openAndWait(machine, arn, "all events listed",
                d -> d.findElement(By.id("history-pages")).getText().endsWith("of " + events + " events")
                        && d.findElement(By.cssSelector("g[data-id=\"n:Many/Step\"]")).getAttribute("class")
                                .contains("status-succeeded"));
        long idle = scriptRoundTripMillis();
        long t0 = System.nanoTime();
        driver.findElement(By.id("history-search")).sendKeys("MapIterationSucceeded", Keys.TAB);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> d.findElement(By.id("history-pages")).getText()
                .contains(" 2500 of " + events));
        long search = (System.nanoTime() - t0) / 1_000_000;
        assertThat(driver.findElement(By.id("history-pages")).getText()).startsWith("page 1 of 25 ");
        assertThat(driver.findElements(By.cssSelector("#history tr"))).hasSize(100);
        String firstOfPage1 = driver.findElement(By.cssSelector("#history tr td")).getText();
        driver.findElement(By.id("history-next")).click();
        new WebDriverWait(driver, Duration.ofSeconds(120)).withMessage("page 2 of the search").until(d -> d.findElement(
                By.id("history-pages")).getText().startsWith("page 2 of 25 "));
        assertThat(driver.findElement(By.id("history")).getText()).contains("MapIterationSucceeded")
                .doesNotContain("MapIterationStarted");
        assertThat(Integer.parseInt(driver.findElement(By.cssSelector("#history tr td")).getText()))
                .as("page 2 holds later events").isGreaterThan(Integer.parseInt(firstOfPage1));
        driver.findElement(By.id("history-prev")).click();
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> d.findElement(By.id("history-pages")).getText()
                .startsWith("page 1 of 25 "));
        HeadlessChromium.screenshot(driver, "scale-history");
        record(String.format(Locale.ROOT, "history of %d events: shown in %d ms, searched in %d ms, script round trip "
                + "after %d ms", events, shown, search, idle));
        assertThat(driver.getTitle()).isEqualTo("sfn-etl console");
    }

    @Test
    void thousandChunkMap_runViewShown() throws Exception {
        String arn = fixture.start("thousand-chunks", ConsoleFixture.input(false, 1000, 0));
        finished(arn);
        long shown = openAndWait(fixture.machineArn(), arn, "the map run view with 1000 children",
                d -> d.findElement(By.id("mapruns")).getText().contains("total 1000")
                        && d.findElements(By.cssSelector("#mapruns table.children tr")).size() == 200);
        long idle = scriptRoundTripMillis();
        long t0 = System.nanoTime();
        // the Map box's totals read every child's history (200 a poll): measured, not asserted
        new WebDriverWait(driver, Duration.ofSeconds(120)).withMessage("the Map box's totals over all 1000 children")
                .until(d -> d.findElement(By.cssSelector("g[data-id=\"n:Chunks/Work\"]")).getText().contains("✓1000"));
        long totals = shown + (System.nanoTime() - t0) / 1_000_000;
        HeadlessChromium.screenshot(driver, "scale-map");
        record(String.format(Locale.ROOT, "map run of 1000 children: shown in %d ms, script round trip after %d ms, "
                + "Map box totals over all children after %d ms", shown, idle, totals));
        assertThat(driver.findElement(By.id("mapruns")).getText()).contains("succeeded 1000");
    }
}
