package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.asl.Execution;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): live colouring,
 * a failed execution's error, escaping, starting from the page. Screenshots go to {@code target/console-screenshots}.
 * Skipped, with the install command, where Chromium is missing ({@code .ci/run} installs it).
 */
class ConsoleBrowserIT {
    private static ConsoleFixture fixture;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws IOException {
        driver = HeadlessChromium.start();
        fixture = new ConsoleFixture(0.5);
    }

    @AfterAll
    static void stop() {
        HeadlessChromium.close(driver, fixture);
    }

    private static void open(String executionArn) {
        driver.get("about:blank");
        driver.get(Console.url(fixture.server().endpoint()) + "#execution=" + executionArn);
    }

    private static WebElement node(String id) {
        return driver.findElement(By.cssSelector("g[data-id=\"" + id + "\"]"));
    }

    private static void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what).until(condition::apply);
    }

    private static boolean hasStatus(String id, String status) {
        List<WebElement> found = driver.findElements(By.cssSelector("g[data-id=\"" + id + "\"]"));
        return !found.isEmpty() && found.get(0).getAttribute("class").contains("status-" + status);
    }

    private static void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(driver, name);
    }

    @Test
    void liveExecution_statesTurnGreenWithoutReload() throws Exception {
        String arn = fixture.start("live", ConsoleFixture.input(false, 3, 4000));
        open(arn);
        waitFor("Prepare turns green", d -> hasStatus("n:Prepare", "succeeded"));
        waitFor("the Map runs", d -> hasStatus("n:Chunks", "running"));
        ((JavascriptExecutor) driver).executeScript("window.__sameDocument = true");
        screenshot("live-running");
        assertThat(driver.findElement(By.id("mapruns")).getText()).contains("Chunks", "total 3");
        waitFor("Done turns green", d -> hasStatus("n:Done", "succeeded"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument")).isEqualTo(true);
        assertThat(hasStatus("n:Fan out#1/Flaky", "retried")).as("Flaky succeeded after a retry").isTrue();
        assertThat(hasStatus("n:Fan out#2/Risky", "caught")).as("Risky's error was caught").isTrue();
        assertThat(hasStatus("n:Chunks/Work", "succeeded")).as("a map-run child colours the processor").isTrue();
        waitFor("the list shows SUCCEEDED", d -> d.findElement(By.id("executions")).getText().contains("SUCCEEDED"));
        waitFor("the throughput of the 3 chunks", d -> d.findElement(By.id("throughput-summary")).getText()
                .startsWith("3 chunks done · 300 rows read, 291 loaded, 9 rejected"));
        assertThat(driver.findElements(By.cssSelector("#throughput path.series"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#timeline rect.bar")).size()).as("timeline bars")
                .isGreaterThanOrEqualTo(10);
        screenshot("live-succeeded");
    }

    @Test
    void failedExecution_errorAndCauseReadableAsText() throws Exception {
        String arn = fixture.start("failing", ConsoleFixture.input(true, 1, 10));
        open(arn);
        waitFor("Explode turns red", d -> hasStatus("n:Explode", "failed"));
        waitFor("the execution panel shows the error",
                d -> d.findElement(By.id("execution")).getText().contains("FAILED"));
        String panel = driver.findElement(By.id("execution")).getText();
        assertThat(panel).contains("Boom", ConsoleFixture.BOOM_CAUSE);
        node("n:Explode").click();
        waitFor("the state panel shows Explode", d -> d.findElement(By.id("state")).getText().contains("Explode"));
        assertThat(driver.findElement(By.id("state")).getText()).contains("Boom", ConsoleFixture.BOOM_CAUSE);
        assertThat(driver.findElements(By.cssSelector("img"))).as("the cause's <img> is text, not an element").isEmpty();
        assertThat(driver.getTitle()).isEqualTo("sfn-etl console");
        screenshot("failed");
    }

    @Test
    void outputsHoldingScript_shownAsTextAndNeverRun() throws Exception {
        String arn = fixture.start("escaping", ConsoleFixture.input(false, 1, 10));
        fixture.server().service().executions().stream().filter(e -> e.executionArn().equals(arn)).findFirst()
                .orElseThrow().await(Duration.ofSeconds(30));
        open(arn);
        waitFor("the history table is filled", d -> d.findElement(By.id("history")).getText().contains("ExecutionSucceeded"));
        node("n:Prepare").click();
        waitFor("Prepare's output", d -> d.findElement(By.id("state")).getText().contains("<script>document.title='pwned'</script>"));
        assertThat(driver.findElement(By.id("history")).getText()).contains("<script>document.title='pwned'</script>");
        assertThat(driver.findElements(By.cssSelector("script"))).as("only the page's own two scripts").hasSize(2);
        assertThat(driver.getTitle()).isEqualTo("sfn-etl console");
        screenshot("escaping");
    }

    @Test
    void startFromPage_invalidInputRefusedThenValidStarts() throws Exception {
        driver.get("about:blank");
        driver.get(Console.url(fixture.server().endpoint()).toString());
        waitFor("the graph is drawn", d -> !d.findElements(By.cssSelector("g[data-id=\"n:Prepare\"]")).isEmpty());
        driver.findElement(By.cssSelector("#start-form summary")).click();
        WebElement input = driver.findElement(By.id("start-input"));
        input.clear();
        input.sendKeys("{not json");
        driver.findElement(By.id("start-name")).sendKeys("from-page");
        driver.findElement(By.id("start")).click();
        assertThat(driver.findElement(By.id("start-problem")).getText()).startsWith("The input is not valid JSON");
        assertThat(fixture.server().service().executions()).noneMatch(e -> e.name().equals("from-page"));
        input.clear();
        input.sendKeys("{\"fail\": false, \"items\": [{\"ms\": 10}]}");
        driver.findElement(By.id("start")).click();
        waitFor("the new execution opens and succeeds", d -> hasStatus("n:Done", "succeeded"));
        assertThat(fixture.server().service().executions()).extracting(Execution::name).contains("from-page");
        assertThat(driver.getCurrentUrl()).contains("from-page");
    }
}
