package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.local.twin.LocalTwin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's ETL panels in headless Chromium on the real twin after a real ETL run with rejects: the first rejects
 * with their reasons (one holding {@code <script>}, shown as text), the link to the job record and its readable view
 * (with the reprocessing links), the metrics chart, the Map box's totals over all chunks, the schedule panel with a
 * past scheduled run; and the sample job started from the page, its states turning green. Each test opens the page
 * afresh; nothing is timed (only generous deadlines). Skipped where Chromium is missing, failing instead where
 * {@code CI} is set ({@link HeadlessChromium}).
 */
class ConsoleEtlBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static WebDriver driver;
    private static EtlConsoleTwin etl;

    private static String scheduledName;

    @BeforeAll
    static void start() throws IOException {
        driver = HeadlessChromium.start();
        etl = new EtlConsoleTwin(dir);
        // a scheduled run of yesterday, as the twin's scheduler names it; its spec is missing, so it fails
        Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        scheduledName = "nightly-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC)
                .format(yesterday);
        ObjectNode input = JSON.createObjectNode();
        input.put("dataset", "s3://" + LocalTwin.DATA_BUCKET + "/specs/missing.spec.json");
        input.put("scheduledTime", yesterday.toString());
        etl.await(etl.start(scheduledName, input));
    }

    @BeforeEach
    void openTheRun() {
        open(etl.executionArn());
        waitFor("the rejects panel", d -> d.findElement(By.id("rejects")).getText().contains("First 3 of 3 rejects"));
    }

    private static void open(String executionArn) {
        driver.get("about:blank");
        driver.get(Console.url(etl.endpoint()) + "#execution=" + executionArn);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (etl != null) {
            etl.close();
        }
    }

    private static void waitFor(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(120)).withMessage(what).until(condition::apply);
    }

    private static boolean hasStatus(String id, String status) {
        List<WebElement> found = driver.findElements(By.cssSelector("g[data-id=\"" + id + "\"]"));
        return !found.isEmpty() && found.get(0).getAttribute("class").contains("status-" + status);
    }

    private static WebElement node(String id) {
        return driver.findElement(By.cssSelector("g[data-id=\"" + id + "\"]"));
    }

    @Test
    void rejects_firstRejectsWithReasons_scriptShownAsTextNeverRun() throws Exception {
        String panel = driver.findElement(By.id("rejects")).getText();
        assertThat(panel).contains(EtlConsoleTwin.SCRIPT, "orders-console.csv:8", "orders-console.csv:21",
                "orders-console.csv:42", "status");
        assertThat(panel).as("sensitive emails masked").doesNotContain("@example.com");
        assertThat(driver.findElements(By.cssSelector("#rejects li.reject"))).hasSize(EtlConsoleTwin.REJECTS);
        assertThat(driver.findElements(By.cssSelector("script"))).as("only the page's own two scripts").hasSize(2);
        assertThat(driver.getTitle()).isEqualTo("sfn-etl console");
        HeadlessChromium.screenshot(driver, "etl-rejects");
    }

    @Test
    void jobRecord_linkAndReadableView_sourcesCountsChunksReasons() throws Exception {
        WebElement link = driver.findElement(By.id("job-link"));
        assertThat(link.getAttribute("href")).endsWith("/console/api/job/" + EtlConsoleTwin.RUN);
        driver.findElement(By.cssSelector("#job-details summary")).click();
        String job = driver.findElement(By.id("job")).getText();
        assertThat(job).contains("SUCCEEDED", "orders-console.csv", "Rejects by reason", "validate");
        assertThat(driver.findElements(By.cssSelector("#job table.chunks tbody tr")).size()).isGreaterThan(1);
        assertThat(driver.findElements(By.cssSelector("#job table.reasons tbody tr"))).hasSize(EtlConsoleTwin.REJECTS);
        HeadlessChromium.screenshot(driver, "etl-job");
        driver.get(link.getAttribute("href"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("\"run\":\"" + EtlConsoleTwin.RUN + "\"");
    }

    @Test
    void jobRecord_rejectsReprocessed_bothRecordsLinkEachOther() {
        String again = "console-reprocess";
        ObjectNode input = JSON.createObjectNode();
        input.put("runId", again);
        input.put("dataset", etl.spec());
        input.put("source", "s3://" + LocalTwin.DATA_BUCKET + "/rejects/" + EtlConsoleTwin.RUN + "/");
        input.put("sourceFormat", "rejects");
        input.put("maxRejectPercent", 100);
        String arn = etl.start(again, input);
        etl.await(arn);
        openTheRun();
        driver.findElement(By.cssSelector("#job-details summary")).click();
        assertThat(driver.findElement(By.id("job")).getText()).containsPattern("Rejects reprocessed by\\s+" + again);
        assertThat(driver.findElement(By.cssSelector("#job a.run-link")).getAttribute("href"))
                .endsWith("/console/api/job/" + again);
        open(arn);
        waitFor("the reprocessing run's job record", d -> d.findElement(By.id("job")).getAttribute("textContent")
                .contains("Reprocesses the rejects of" + EtlConsoleTwin.RUN));
        assertThat(driver.findElement(By.cssSelector("#job a.run-link")).getAttribute("href"))
                .endsWith("/console/api/job/" + EtlConsoleTwin.RUN);
    }

    @Test
    void startSampleJobFromThePage_statesTurnGreenAndItsEtlPanelsFill() throws Exception {
        String source = etl.twin().twin().upload(EtlConsoleTwin.ROOT.resolve("samples/orders/orders.csv"),
                "input/sample-from-page");
        ObjectNode input = JSON.createObjectNode();
        input.put("dataset", etl.spec());
        input.put("source", source);
        input.put("maxRejectPercent", 10);
        driver.get("about:blank");
        driver.get(Console.url(etl.endpoint()).toString());
        waitFor("the ETL graph", d -> !d.findElements(By.cssSelector("g[data-id=\"n:Process chunks/Load\"]")).isEmpty());
        driver.findElement(By.cssSelector("#start-form summary")).click();
        WebElement editor = driver.findElement(By.id("start-input"));
        editor.clear();
        editor.sendKeys(input.toString());
        driver.findElement(By.id("start-name")).sendKeys("sample-from-page");
        driver.findElement(By.id("start")).click();
        waitFor("the sample job opens", d -> d.getCurrentUrl().contains("sample-from-page"));
        waitFor("Prepare turns green", d -> hasStatus("n:Prepare", "succeeded"));
        waitFor("Done turns green", d -> hasStatus("n:Done", "succeeded"));
        String arn = etl.twin().server().service().executions().stream()
                .filter(e -> e.name().equals("sample-from-page")).findFirst().orElseThrow().executionArn();
        JsonNode output = JSON.readTree(etl.describe(arn).path("output").asText());
        int read = output.at("/counts/read").asInt();
        int chunks = output.path("chunks").asInt();
        assertThat(read).as("every row of samples/orders/orders.csv").isEqualTo(1000);
        assertThat(hasStatus("n:Finalize", "succeeded")).isTrue();
        waitFor("every chunk's Load green in the Map box", d -> hasStatus("n:Process chunks/Load", "succeeded")
                && node("n:Process chunks/Load").getText().contains("✓" + chunks));
        assertThat(driver.findElement(By.id("execution")).getText()).contains("SUCCEEDED", "1,000");
        waitFor("the sample run's metrics", d -> d.findElement(By.id("metrics-summary")).getText()
                .startsWith("1,000 rows read"));
        waitFor("the sample run's rejects panel", d -> d.findElement(By.id("rejects")).getText()
                .matches("(?s)(No rejects\\.|First \\d+ of " + output.at("/counts/rejected").asInt() + " rejects.*)"));
        HeadlessChromium.screenshot(driver, "etl-sample-from-page");
    }

    @Test
    void metrics_chartOfTheRunsEmfLines_seriesAndStageTimes() {
        waitFor("the metrics chart", d -> d.findElement(By.id("metrics-section")).isDisplayed()
                && d.findElement(By.id("metrics-summary")).getText().startsWith(EtlConsoleTwin.ROWS + " rows read"));
        assertThat(driver.findElement(By.id("metrics-summary")).getText())
                .contains((EtlConsoleTwin.ROWS - EtlConsoleTwin.REJECTS) + " loaded", EtlConsoleTwin.REJECTS + " rejected");
        assertThat(driver.findElements(By.cssSelector("#metrics path.series"))).hasSize(4);
        assertThat(driver.findElement(By.id("stage-times")).getText()).contains("validate", "transform", "load");
    }

    @Test
    void mapBox_totalsOverAllChunks_notOneChild() {
        int chunks = Integer.parseInt(etl.describe(etl.executionArn()).path("output").asText().replaceAll(
                "(?s).*\"chunks\":(\\d+).*", "$1"));
        assertThat(chunks).isGreaterThan(1);
        waitFor("every child summarised", d -> node("n:Process chunks/Load").getText().contains("✓" + chunks));
        assertThat(node("n:Process chunks").getText()).contains(chunks + "/" + chunks);
        assertThat(node("n:Process chunks/Validate").getText()).contains("✓" + chunks);
        assertThat(node("n:Process chunks/Load").getAttribute("class")).contains("status-succeeded");
        node("n:Process chunks/Load").click();
        waitFor("the state panel's totals", d -> d.findElement(By.id("state")).getText()
                .contains("All map-run children: in " + chunks + " children: " + chunks + " succeeded"));
        assertThat(driver.findElement(By.id("mapruns")).getText())
                .contains("Items: succeeded " + chunks, "Child executions: succeeded " + chunks,
                        "totals over all " + chunks + " children");
    }

    @Test
    void schedule_panel_nextRunsAndTheirExecutionNames() {
        waitFor("the schedule panel", d -> d.findElement(By.id("schedule")).getText().contains("Next runs"));
        String text = driver.findElement(By.id("schedule")).getText();
        assertThat(text).contains("cron(", "Past scheduled runs");
        List<WebElement> upcoming = driver.findElements(By.cssSelector("#schedule table.upcoming tbody tr"));
        assertThat(upcoming).hasSize(ConsoleApi.DEFAULT_FIRES);
        assertThat(upcoming.get(0).getText()).containsPattern("nightly-\\d{8}T\\d{4}Z");
        List<WebElement> past = driver.findElements(By.cssSelector("#schedule table.past tbody tr"));
        assertThat(past).hasSize(1);
        assertThat(past.get(0).getText()).contains(scheduledName, "FAILED");
        past.get(0).click();
        waitFor("the past run opens", d -> d.findElement(By.id("execution")).getText().contains(scheduledName)
                && d.getCurrentUrl().contains(scheduledName));
    }
}
