package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): live colouring,
 * a failed execution's error, escaping, starting, stopping and redriving from the page, the status filter, the graph's
 * layout (nested boxes, Choice labels, dashed Catch edges) and its SVG and PNG exports. Screenshots go to
 * {@code target/console-screenshots}. Nothing is timed: a slow machine only makes the polls wait longer. Skipped, with the install command, where Chromium is missing; failing instead where {@code CI} is set
 * ({@link HeadlessChromium}; {@code .ci/run} installs it).
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

    /** Opens the page without an execution and waits until the whole graph is drawn. */
    private static void openPage() {
        driver.get("about:blank");
        driver.get(Console.url(fixture.server().endpoint()).toString());
        waitFor("the graph is drawn", d -> !d.findElements(By.cssSelector("g[data-id=\"n:Chunks/Work\"]")).isEmpty());
    }

    private static WebElement node(String id) {
        return driver.findElement(By.cssSelector("g[data-id=\"" + id + "\"]"));
    }

    private static void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(120)).withMessage(what).until(condition::apply);
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
        // the chunks wait until released: the Map is seen running however slow the machine is
        String arn = fixture.start("live", ConsoleFixture.heldInput(false, 3, "live"));
        open(arn);
        waitFor("Prepare turns green", d -> hasStatus("n:Prepare", "succeeded"));
        waitFor("the Map runs", d -> hasStatus("n:Chunks", "running"));
        waitFor("the Map's processor runs in its children", d -> hasStatus("n:Chunks/Work", "running"));
        ((JavascriptExecutor) driver).executeScript("window.__sameDocument = true");
        screenshot("live-running");
        waitFor("the map run view", d -> d.findElement(By.id("mapruns")).getText().contains("total 3"));
        fixture.release("live");
        waitFor("Done turns green", d -> hasStatus("n:Done", "succeeded"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument")).isEqualTo(true);
        assertThat(hasStatus("n:Fan out#1/Flaky", "retried")).as("Flaky succeeded after a retry").isTrue();
        assertThat(hasStatus("n:Fan out#2/Risky", "caught")).as("Risky's error was caught").isTrue();
        waitFor("a map-run child colours the processor", d -> hasStatus("n:Chunks/Work", "succeeded"));
        waitFor("the list shows SUCCEEDED", d -> d.findElement(By.id("executions")).getText().contains("SUCCEEDED"));
        waitFor("the throughput of the 3 chunks", d -> d.findElement(By.id("throughput-summary")).getText()
                .startsWith("3 chunks done · 300 rows read, 291 loaded, 9 rejected"));
        assertThat(driver.findElements(By.cssSelector("#throughput path.series"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#timeline rect.bar")).size()).as("timeline bars")
                .isGreaterThanOrEqualTo(10);
        waitFor("the map run's items all succeeded", d -> d.findElement(By.id("mapruns")).getText()
                .contains("Items: succeeded 3 · failed 0 · running 0"));
        List<WebElement> children = driver.findElements(By.cssSelector("#mapruns table.children tr"));
        assertThat(children).as("one row per chunk with its duration").hasSize(3);
        for (WebElement child : children) {
            assertThat(child.getText()).contains("SUCCEEDED").containsPattern("\\d+(\\.\\d)? (ms|s)");
            assertThat(child.findElements(By.cssSelector("div.dur"))).hasSize(1);
        }
        node("n:Fan out#1/Flaky").click();
        waitFor("Flaky's retry with its delay", d -> d.findElement(By.id("state")).getText()
                .matches("(?s).*Flaky → retried after \\d+(\\.\\d)? m?s.*"));
        assertThat(driver.findElement(By.id("state")).getText()).contains("Entered #1", "Input", "Output");
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
        awaitEnd(arn);
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
        openPage();
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

    @Test
    void executionList_statusFilter_onlyExecutionsOfThatStatus() throws Exception {
        String ok = fixture.start("filter-ok", ConsoleFixture.input(false, 1, 10));
        String bad = fixture.start("filter-bad", ConsoleFixture.input(true, 1, 10));
        awaitEnd(ok);
        awaitEnd(bad);
        openPage();
        waitFor("both listed", d -> d.findElement(By.id("executions")).getText().contains("filter-ok")
                && d.findElement(By.id("executions")).getText().contains("filter-bad"));
        new Select(driver.findElement(By.id("status-filter"))).selectByVisibleText("FAILED");
        waitFor("only failed executions listed", d -> !d.findElement(By.id("executions")).getText().contains("filter-ok"));
        String list = driver.findElement(By.id("executions")).getText();
        assertThat(list).contains("filter-bad").doesNotContain("SUCCEEDED");
        for (WebElement row : driver.findElements(By.cssSelector("#executions tr"))) {
            // name, status, start (UTC), duration
            assertThat(row.getText()).contains("FAILED")
                    .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\d+(\\.\\d)? (ms|s)$");
        }
        new Select(driver.findElement(By.id("status-filter"))).selectByVisibleText("all");
        waitFor("all listed again", d -> d.findElement(By.id("executions")).getText().contains("filter-ok"));
    }

    @Test
    void stopThenRedrive_fromThePage_abortedThenSucceeded() throws Exception {
        String arn = fixture.start("stop-redrive", ConsoleFixture.heldInput(false, 2, "stop-redrive"));
        open(arn);
        waitFor("the Map runs", d -> hasStatus("n:Chunks", "running"));
        waitFor("the Stop button", d -> d.findElement(By.id("stop")).isDisplayed());
        assertThat(driver.findElement(By.id("redrive")).isDisplayed()).as("no redrive while running").isFalse();
        driver.findElement(By.id("stop")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor("the execution is aborted", d -> d.findElement(By.id("execution")).getText().contains("ABORTED"));
        assertThat(describe(arn).path("status").asText()).isEqualTo("ABORTED");
        waitFor("the Map is shown aborted", d -> hasStatus("n:Chunks", "aborted"));
        waitFor("the Redrive button", d -> d.findElement(By.id("redrive")).isDisplayed());
        screenshot("stopped");
        fixture.release("stop-redrive");
        driver.findElement(By.id("redrive")).click();
        waitFor("the redriven execution succeeds", d -> hasStatus("n:Done", "succeeded")
                && d.findElement(By.id("execution")).getText().contains("SUCCEEDED"));
        assertThat(describe(arn).path("status").asText()).isEqualTo("SUCCEEDED");
        waitFor("the redriven Map green again (its aborted attempt superseded)", d -> hasStatus("n:Chunks", "succeeded"));
        assertThat(driver.findElement(By.id("history")).getText()).contains("ExecutionRedriven");
        screenshot("redriven");
    }

    @Test
    void graph_demoDefinition_nestedBoxesChoiceLabelsDashedCatchesAndExports() throws Exception {
        openPage();
        assertInside(node("n:Chunks/Work").getRect(), node("n:Chunks").getRect(), "the Map's processor in its box");
        assertInside(node("n:Fan out#1/Flaky").getRect(), node("n:Fan out").getRect(), "branch 1 in the Parallel");
        assertInside(node("n:Fan out#2/Risky").getRect(), node("n:Fan out").getRect(), "branch 2 in the Parallel");
        assertThat(node("n:Prepare").getRect().getY()).as("top to bottom").isLessThan(node("n:Done").getRect().getY());
        String labels = driver.findElement(By.cssSelector("#graph g.edges")).getText();
        assertThat(labels).contains("$.fail == true", "Default");
        Object dash = ((JavascriptExecutor) driver).executeScript("return getComputedStyle("
                + "document.querySelector('#graph g.edge.kind-catch path')).strokeDasharray");
        assertThat(String.valueOf(dash)).as("Catch edges are dashed").isNotIn("none", "", "null");
        Path svg = HeadlessChromium.DOWNLOADS.resolve(ConsoleFixture.MACHINE + ".svg");
        Path png = HeadlessChromium.DOWNLOADS.resolve(ConsoleFixture.MACHINE + ".png");
        Files.deleteIfExists(svg);
        Files.deleteIfExists(png);
        driver.findElement(By.id("export-svg")).click();
        waitFor("the SVG export is saved", d -> Files.isRegularFile(svg) && svg.toFile().length() > 0);
        assertThat(Files.readString(svg)).startsWith("<svg").contains("http://www.w3.org/2000/svg", "<style>",
                ">Fan out</text>", ">Work</text>");
        driver.findElement(By.id("export-png")).click();
        waitFor("the PNG export is saved", d -> Files.isRegularFile(png) && png.toFile().length() > 8);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).as("PNG signature")
                .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    private static void assertInside(Rectangle inner, Rectangle outer, String what) {
        assertThat(inner.getX()).as(what).isGreaterThanOrEqualTo(outer.getX());
        assertThat(inner.getY()).as(what).isGreaterThanOrEqualTo(outer.getY());
        assertThat(inner.getX() + inner.getWidth()).as(what).isLessThanOrEqualTo(outer.getX() + outer.getWidth());
        assertThat(inner.getY() + inner.getHeight()).as(what).isLessThanOrEqualTo(outer.getY() + outer.getHeight());
    }

    private static void awaitEnd(String arn) {
        assertThat(fixture.server().service().executions().stream().filter(e -> e.executionArn().equals(arn))
                .findFirst().orElseThrow().await(Duration.ofSeconds(120))).as(arn + " ended").isTrue();
    }

    private static JsonNode describe(String arn) {
        return fixture.server().service().call("DescribeExecution",
                new ObjectMapper().createObjectNode().put("executionArn", arn));
    }
}
