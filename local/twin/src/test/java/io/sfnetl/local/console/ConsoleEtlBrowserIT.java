package io.sfnetl.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's ETL panels in headless Chromium on the real twin after a real ETL run with rejects: the first rejects
 * with their reasons (one holding {@code <script>}, shown as text), the link to the job record and its readable view,
 * the metrics chart, the Map box's totals over all chunks, and the schedule panel. Skipped where Chromium is missing,
 * failing instead where {@code CI} is set ({@link HeadlessChromium}).
 */
class ConsoleEtlBrowserIT {
    @TempDir
    static Path dir;
    private static WebDriver driver;
    private static EtlConsoleTwin etl;

    @BeforeAll
    static void start() throws IOException {
        driver = HeadlessChromium.start();
        etl = new EtlConsoleTwin(dir);
        driver.get(Console.url(etl.endpoint()) + "#execution=" + etl.executionArn());
        waitFor("the rejects panel", d -> d.findElement(By.id("rejects")).getText().contains("First 3 of 3 rejects"));
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
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what).until(condition::apply);
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
        String href = link.getAttribute("href");
        String page = driver.getCurrentUrl();
        driver.get(href);
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("\"run\":\"" + EtlConsoleTwin.RUN + "\"");
        driver.get("about:blank");
        driver.get(page);
        waitFor("the rejects panel again", d -> d.findElement(By.id("rejects")).getText().contains("First 3"));
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
    }
}
