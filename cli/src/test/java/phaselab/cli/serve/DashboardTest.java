package phaselab.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.cli.Listeners;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;

/** The dashboard's server without a browser: what it refuses, and the live tail of metrics.jsonl. */
class DashboardTest {
  @TempDir
  Path tmp;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(Dashboard d, String rawPathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + rawPathAndQuery.substring(1))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A run folder with a config (any YAML reads as a run here) and some metric rows. */
  private Path run(Path dir, String... rows) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(RunDir.CONFIG), "name: x\n");
    for (String r : rows) {
      Files.writeString(dir.resolve(RunDir.METRICS), r, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return dir;
  }

  @Test
  void servesOnlyRunsInsideItsFolderAndOnlyOnLoopback() throws Exception {
    Path root = tmp.resolve("runs");
    run(root.resolve("a"), RunJson.metricRow(0, "train/loss", 2.5));
    Path outside = run(tmp.resolve("secret"), RunJson.metricRow(0, "train/loss", 9.0));
    Files.createSymbolicLink(root.resolve("link-out"), outside);
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0)) {
      assertThat(Listeners.on(d.url().getPort())).containsOnly("127.0.0.1");
      assertThat(get(d, "/api/metrics?path=a&from=0").statusCode()).isEqualTo(200);
      for (String bad : List.of("/api/run?path=../secret", "/api/metrics?path=../secret&from=0", "/api/metrics?path=%2Ftmp",
          "/api/run?path=a/../../secret", "/api/run?path=link-out", "/api/metrics?path=link-out&from=0", "/api/run?path=nope",
          "/api/run?path=", "/api/sweep?path=a", "/../../etc/passwd", "/static/../../pom.xml", "/api/nothing", "/config.yaml",
          "/a/metrics.jsonl")) {
        HttpResponse<String> r = get(d, bad);
        assertThat(r.statusCode()).as(bad).isEqualTo(404);
        assertThat(r.body()).as(bad).doesNotContain("9.0");
      }
      HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "api/runs"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(get(d, "/static/uplot.js").body()).contains("uPlot");
      assertThat(get(d, "/run").body()).contains("dashboard.js");
    }
  }

  @Test
  void metricsArriveInPiecesOfWholeLinesAndStartOverAfterATruncation() throws Exception {
    Path root = tmp.resolve("runs");
    Path a = run(root.resolve("a"), RunJson.metricRow(0, "train/loss", 2.5), RunJson.metricRow(0, "train/lr", Double.NaN));
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0)) {
      Map<?, ?> first = (Map<?, ?>) RunJson.parse(get(d, "/api/metrics?path=a&from=0").body());
      assertThat((List<?>) first.get("rows")).hasSize(2);
      assertThat(((List<?>) ((List<?>) first.get("rows")).get(1)).get(2)).isEqualTo("NaN"); // the NaN rule
      long offset = ((Number) first.get("offset")).longValue();
      assertThat(offset).isEqualTo(Files.size(a.resolve(RunDir.METRICS)));
      // a row being written (no newline yet) is left for the next poll
      String row = RunJson.metricRow(5, "train/loss", 1.5);
      Files.writeString(a.resolve(RunDir.METRICS), row.substring(0, 10), StandardOpenOption.APPEND);
      Map<?, ?> partial = (Map<?, ?>) RunJson.parse(get(d, "/api/metrics?path=a&from=" + offset).body());
      assertThat((List<?>) partial.get("rows")).isEmpty();
      assertThat(((Number) partial.get("offset")).longValue()).isEqualTo(offset);
      Files.writeString(a.resolve(RunDir.METRICS), row.substring(10), StandardOpenOption.APPEND);
      Map<?, ?> next = (Map<?, ?>) RunJson.parse(get(d, "/api/metrics?path=a&from=" + offset).body());
      assertThat((List<?>) next.get("rows")).hasSize(1);
      assertThat(next.get("reset")).isEqualTo(false);
      // a resume cuts metrics.jsonl back: the page is told to start over
      Files.writeString(a.resolve(RunDir.METRICS), RunJson.metricRow(0, "train/loss", 2.5), StandardCharsets.UTF_8);
      Map<?, ?> reset = (Map<?, ?>) RunJson.parse(get(d, "/api/metrics?path=a&from=" + offset + 99).body());
      assertThat(reset.get("reset")).isEqualTo(true);
      assertThat((List<?>) reset.get("rows")).hasSize(1);
    }
  }
}
