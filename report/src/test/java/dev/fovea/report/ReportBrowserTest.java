package dev.fovea.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens a real report in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) and checks it renders: no console errors, nothing fetched, every chart and picture
 * drawn at a non-zero size. Leaves a screenshot in {@code target/report-screenshot.png} for a person to look at.
 */
class ReportBrowserTest {
  static final Path CHROMIUM = Path.of(System.getProperty("fovea.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("fovea.chromedriver", "/usr/bin/chromedriver"));
  static final Path REPORT = Path.of("target/report-test/SmallNet.html");
  static final Path SCREENSHOT = Path.of("target/report-screenshot.png");

  // Selenium warns that it has no DevTools binding for this Chromium version; the test uses WebDriver only.
  private static final java.util.logging.Logger CDP_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private static ChromeDriver driver;

  @BeforeAll
  static void start() {
    CDP_LOG.setLevel(Level.SEVERE);
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium "
          + "chromium-driver (.ci/run does), or point -Dfovea.chromium and -Dfovea.chromedriver at them");
    }
    Trained t = Trained.get();
    TrainingReport.of(t.model).test(t.test).history(Epoch.of(t.epochs)).learningRate(0.002)
        .section("Settings", new java.util.TreeMap<>(Map.of("optimizer", "adam", "epochs", 2, "batch size", 32)))
        .write(REPORT);

    ChromeOptions options = new ChromeOptions();
    // An explicit binary and driver: Selenium then has nothing to look up or download.
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void close() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void noConsoleErrorsNothingFetchedEveryPictureLoads() {
    assertEquals(List.of(), open(REPORT), "console messages");
    assertEquals(List.of(), script("return performance.getEntriesByType('resource').map(e => e.name)"),
        "the page must be self-contained");
    assertEquals(List.of(), brokenImages());
  }

  @Test
  void everyChartAndImageHasASize() {
    open(REPORT);
    Object counts = script("return [document.querySelectorAll('svg.chart').length, document.images.length]");
    // loss and accuracy charts; 6 kernels, 1 + 6 + 12 feature maps, 12 worst images
    assertEquals(List.of(2L, 37L), counts);
    Object empty = script("return [...document.querySelectorAll('svg.chart, img, table')]"
        + ".filter(e => { const r = e.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); })"
        + ".map(e => e.outerHTML.slice(0, 80))");
    assertEquals(List.of(), empty);
    Object cells = script("return document.querySelectorAll('table.confusion td.cell').length");
    assertEquals(100L, cells);
  }

  @Test
  void theChecksCatchABrokenPage() throws Exception {
    // The report's own policy, with a picture it forbids (blocked before any request) and one that is not a PNG.
    String csp = TrainingReport.of(Trained.get().model).html().replaceAll("(?s)^.*?(<meta http-equiv[^>]*>).*$", "$1");
    Path broken = REPORT.resolveSibling("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><html><head>" + csp + "</head><body>"
        + "<img alt=\"remote\" src=\"https://fovea.invalid/x.png\">"
        + "<img alt=\"corrupt\" src=\"data:image/png;base64,AAAA\">"
        + "</body></html>");
    List<String> messages = open(broken);
    assertTrue(messages.stream().anyMatch(m -> m.contains("Content Security Policy")), messages.toString());
    assertEquals(List.of("remote", "corrupt"), brokenImages());
  }

  @Test
  void screenshot() throws Exception {
    open(REPORT);
    long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 20, 12000)));
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOT, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of a drawn page");
  }

  /** Loads {@code page}; returns the console's warnings and errors while it loaded. */
  private static List<String> open(Path page) {
    driver.manage().logs().get(LogType.BROWSER);   // drops what earlier pages logged
    driver.get(page.toAbsolutePath().toUri().toString());
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  private static Object brokenImages() {
    return script("return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }
}
