package io.sfnetl.local.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through Selenium, for the console's browser tests; skips where it is not installed. */
final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/console-screenshots");
    /** Where the browser saves downloads (the graph's SVG and PNG exports). */
    static final Path DOWNLOADS = Path.of("target/console-downloads").toAbsolutePath();

    private HeadlessChromium() {
    }

    /**
     * A new browser (1600x1100). Without Chromium the calling test is skipped with the install command, or fails
     * where {@code CI} is set ({@code .ci/run} installs it).
     */
    static WebDriver start() throws IOException {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String hint = "Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)";
        // CI installs the browser, so there a missing one is a failure, never a skip.
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(browser, hint);
        }
        Assumptions.assumeTrue(browser, hint);
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1100", "--user-data-dir=" + profile);
        Files.createDirectories(DOWNLOADS);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        Files.createDirectories(SHOTS);
        return new ChromeDriver(service, options);
    }

    /** Quits the browser and closes the fixture, either of which may be null (a skipped or failed start). */
    static void close(WebDriver driver, ConsoleFixture fixture) {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
