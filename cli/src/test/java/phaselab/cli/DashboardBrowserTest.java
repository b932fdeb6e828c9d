package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import phaselab.cli.serve.Dashboard;
import phaselab.lab.run.RunDir;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; CI installs
 * them and sets PHASELAB_REQUIRE_BROWSER=1, elsewhere the test is skipped without them): a run
 * trained by another process appears on its page and grows without a reload; a sweep shows its
 * status grid. Screenshots of both go to target/dashboard/ (and to -Dphaselab.screenshots=DIR).
 */
@Tag("external")
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir
  Path tmp;
  private WebDriver browser;
  private Process trainer;

  @BeforeEach
  void browser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (System.getenv("PHASELAB_REQUIRE_BROWSER") != null) {
      assertThat(present).as("PHASELAB_REQUIRE_BROWSER is set but %s or %s is missing (apt-get install chromium chromium-driver)",
          CHROMIUM, DRIVER).isTrue();
    }
    assumeTrue(present, "chromium and chromium-driver are not installed");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
    if (trainer != null) {
      trainer.destroyForcibly();
    }
  }

  @Test
  void aRunGrowsOnItsPageWithoutAReloadAndASweepShowsItsGrid() throws Exception {
    Path root = tmp.resolve("runs");
    Files.createDirectories(root);
    // a run trained by another process, long enough to be watched
    Path config = RunFixtures.write(tmp, 100_000, 100_000);
    Path run = root.resolve("live");
    trainer = Child.start(tmp.resolve("trainer.log"), "train", config.toString(), "--out", run.toString(), "--threads", "1");
    sweep(root);
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0)) {
      waitFor(Duration.ofSeconds(60), () -> lossRows(run) >= 3);
      browser.get(d.url() + "run?path=live");
      String loadId = (String) js("return window.phaselab.loadId");
      // the chart holds every loss row written before the page was opened ...
      long written = lossRows(run);
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.until(b -> points("Loss") >= written);
      long seen = points("Loss");
      // ... and the rows written afterwards arrive without a reload
      wait.until(b -> points("Loss") > seen + 5);
      assertThat(js("return window.phaselab.loadId")).isEqualTo(loadId);
      assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("running");
      assertThat(browser.findElement(By.id("config")).getText()).contains("name: tiny");
      screenshot("run");

      // the sweep: its status grid, every point done, and its curves
      browser.get(d.url() + "sweep?path=" + URLEncoder.encode("sw", StandardCharsets.UTF_8));
      wait.until(b -> b.findElements(By.cssSelector("#grid tbody tr[data-point]")).size() == 2);
      List<String> states = browser.findElements(By.cssSelector("#grid td.state")).stream().map(e -> e.getText()).toList();
      assertThat(states).containsExactly("done", "done");
      wait.until(b -> !b.findElements(By.cssSelector("#charts .chart")).isEmpty());
      screenshot("sweep");

      // the runs table lists both runs of the sweep and the live one, with their status
      browser.get(d.url().toString());
      wait.until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == 3);
      assertThat(browser.findElement(By.cssSelector("tr[data-run='live'] td.state")).getText()).isEqualTo("running");
      screenshot("runs");

      // compare: the live run and a sweep point on one metric, smoothed, on a log axis
      browser.get(d.url() + "compare?runs=live,sw/seed1");
      wait.until(b -> points("train/loss") > 0);
      browser.findElement(By.id("log-y")).click();
      browser.findElement(By.id("smoothing")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
      wait.until(b -> points("train/loss") > 0);
      assertThat(browser.findElements(By.cssSelector("#run-picker input:checked"))).hasSize(2);
      screenshot("compare");

      // a request for ../ outside the folder is refused, from the browser's own origin too
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(d.url() + "api/run?path=..%2F"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      browser.get(d.url() + "api/metrics?path=../trainer.log&from=0");
      assertThat(browser.getPageSource()).contains("no run").doesNotContain("step ");
    }
  }

  @Test
  void tinyValuesGetDistinctTickLabelsAndAOnePointSeriesAMarker() throws Exception {
    Path root = tmp.resolve("runs");
    Path config = RunFixtures.write(Files.createDirectories(tmp.resolve("cfg")), 10, 10);
    // a learning rate of 1e-5 (its axis read "0, 0, 0, 0, 0"), and a metric logged once (as a probe
    // every 3,000 steps is, early in a run)
    Console c = Console.run("train", config.toString(), "--out", root.resolve("small-lr").toString(), "--set", "optimizer.lr=0.00001",
        "--threads", "1");
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    Files.writeString(root.resolve("small-lr").resolve(RunDir.METRICS), "{\"step\":4,\"metric\":\"probe/once\",\"value\":0.5}\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0)) {
      browser.get(d.url() + "run?path=small-lr");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.until(b -> points("Learning rate") > 0 && points("Probe: once") > 0);
      @SuppressWarnings("unchecked")
      List<String> ticks = (List<String>) js("return window.phaselab.charts['Learning rate'].plot.axes[1]._values;");
      assertThat(points("Probe: once")).isEqualTo(1);
      assertThat(ticks).as("learning-rate tick labels").hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates()
          .noneMatch(t -> t.matches("-?0(\\.0*)?"));
      // the one point: a marker in the series' colour (#1f77b4) is drawn on the canvas
      Number marked = (Number) js("""
          var u = window.phaselab.charts['Probe: once'].plot, c = u.ctx.canvas;
          var d = u.ctx.getImageData(0, 0, c.width, c.height).data, n = 0;
          for (var i = 0; i < d.length; i += 4) {
            if (Math.abs(d[i] - 31) < 25 && Math.abs(d[i + 1] - 119) < 25 && Math.abs(d[i + 2] - 180) < 25) n++;
          }
          return n;""");
      assertThat(marked.intValue()).as("pixels of the one-point series' marker").isGreaterThan(10);
      // and the step axis covers the run's steps, not the series' single step
      Number xMax = (Number) js("return window.phaselab.charts['Probe: once'].plot.scales.x.max;");
      assertThat(xMax.doubleValue()).isGreaterThanOrEqualTo(10);
      @SuppressWarnings("unchecked")
      List<String> narrow = (List<String>) js("return window.phaselab.charts['Probe: weight_norm_per_layer'].plot.axes[1]._values;");
      assertThat(narrow).as("tick labels of a range 1e-6 wide").doesNotHaveDuplicates();
      // the Dyck reference is for 6 layers, d 512, from step 10,000: the chart says so
      String note = browser.findElement(By.cssSelector("[data-key='Accuracy'] .reference-note")).getText();
      assertThat(note).contains("this run: 2 layers, d 32").contains("the reference starts at step");
      screenshot("small-lr");
    }
  }

  /** A finished two-seed sweep of the tiny config, 20 steps each. */
  private void sweep(Path root) throws Exception {
    Path base = RunFixtures.write(Files.createDirectories(tmp.resolve("sweep-config")), 20, 20);
    Path spec = tmp.resolve("sw.yaml");
    Files.writeString(spec, "name: sw\nconfig: " + base + "\ngrid:\n  seed: [1, 2]\nworkers: 1\nthreads: 1\n");
    Console c = Console.run("sweep", spec.toString(), "--out", root.resolve("sw").toString());
    assertThat(c.code()).as(c.out() + c.err()).isZero();
  }

  private static long lossRows(Path run) throws Exception {
    Path m = run.resolve(RunDir.METRICS);
    if (!Files.exists(m)) {
      return 0;
    }
    return Files.readAllLines(m).stream().filter(l -> l.contains("\"train/loss\"") || l.matches(".*\"eval/[a-z]+/loss\".*")).count();
  }

  /** The number of the run's own points that the chart of {@code group} draws (0 while it has none). */
  private long points(String group) {
    Object v = js("var e = document.querySelector('[data-group=\"" + group + "\"]'); return e ? Number(e.dataset.points) : 0;");
    return ((Number) v).longValue();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Path dir = Path.of("target", "dashboard");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), png);
    String docs = System.getProperty("phaselab.screenshots");
    if (docs != null) {
      Files.write(Path.of(docs).resolve("dashboard-" + name + ".png"), png);
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Duration limit, Check check) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(end);
      Thread.sleep(100);
    }
  }
}
