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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.rng.RngStream;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;

/**
 * {@code phaselab serve} under load (#29): a folder of 50 finished runs and one being written
 * (rows appended every few milliseconds, sometimes half a row at a time), 64 concurrent clients
 * for {@code phaselab.loadSeconds} (30) seconds asking for the runs table, run pages and metric
 * tails from random line offsets. No answer may be a 5xx or a connection error, and every metrics
 * answer must be whole lines that are exactly the rows of the file between the offsets it names
 * (the file only grows, so those bytes never change). Prints p50/p99 latency and requests/s.
 */
@Tag("campaign")
class DashboardLoadTest {
  @TempDir
  Path tmp;

  @Test
  void sixtyFourClientsAgainstAGrowingRunGetOnlyWholeValidAnswers() throws Exception {
    int seconds = Integer.getInteger("phaselab.loadSeconds", 30);
    Path root = tmp.resolve("runs");
    for (int r = 0; r < 50; r++) {
      Path dir = Files.createDirectories(root.resolve(String.format("done-%02d", r)));
      Files.writeString(dir.resolve(RunDir.CONFIG), "name: done\n");
      StringBuilder rows = new StringBuilder();
      for (int s = 0; s < 500; s++) {
        rows.append(RunJson.metricRow(s, "train/loss", 2.0 / (1 + s))).append(RunJson.metricRow(s, "eval/test/acc", s / 500.0));
      }
      Files.writeString(dir.resolve(RunDir.METRICS), rows);
    }
    Path live = Files.createDirectories(root.resolve("live"));
    Files.writeString(live.resolve(RunDir.CONFIG), "name: live\n");
    Path metrics = live.resolve(RunDir.METRICS);
    Files.writeString(metrics, "");
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    int[] metricChecks = new int[1];
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writer = pool.submit(() -> {
        RngStream rng = new RngStream(1, "writer");
        long step = 0;
        while (!stop.get()) {
          String row = RunJson.metricRow(step, "train/loss", 1.0 / (1 + step)) + RunJson.metricRow(step, "probe/weight_norm", step * 0.5);
          step++;
          byte[] b = row.getBytes(StandardCharsets.UTF_8);
          int cut = rng.nextInt(3) == 0 ? rng.nextInt(b.length) : b.length; // sometimes half a row, then the rest
          Files.write(metrics, Arrays.copyOf(b, cut), StandardOpenOption.APPEND);
          if (cut < b.length) {
            Thread.sleep(1);
            Files.write(metrics, Arrays.copyOfRange(b, cut, b.length), StandardOpenOption.APPEND);
          }
          Thread.sleep(2);
        }
        return null;
      });
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < 64; c++) {
        RngStream rng = new RngStream(c, "client");
        clients.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            int kind = rng.nextInt(10);
            long from = 0;
            String target;
            byte[] before = null;
            if (kind < 5) {
              before = Files.readAllBytes(metrics);
              from = lineStart(before, rng.nextInt(before.length + 1));
              target = "api/metrics?path=live&from=" + from;
            } else if (kind < 7) {
              target = "api/run?path=" + (rng.nextInt(2) == 0 ? "live" : String.format("done-%02d", rng.nextInt(50)));
            } else if (kind < 9) {
              target = "api/runs";
            } else {
              target = "run?path=live";
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r;
            try {
              r = http.send(HttpRequest.newBuilder(URI.create(d.url() + target)).timeout(Duration.ofSeconds(20)).build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              failures.add(target + ": " + e);
              continue;
            }
            latencies.add(System.nanoTime() - t0);
            if (r.statusCode() != 200) {
              failures.add(target + ": status " + r.statusCode());
            } else if (before != null) {
              String problem = checkTail(r.body(), from, Files.readAllBytes(metrics));
              if (problem != null) {
                failures.add(target + ": " + problem);
              }
              synchronized (metricChecks) {
                metricChecks[0]++;
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
      stop.set(true);
      writer.get();
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get((int) (sorted.size() * 0.99)) / 1e6;
    System.out.printf("dashboard load: 64 clients, %d s, %d requests (%.0f/s), %d metrics answers checked, p50 %.1f ms, p99 %.1f ms, %d failures%n",
        seconds, sorted.size(), sorted.size() / (double) seconds, metricChecks[0], p50, p99, failures.size());
    assertThat(failures).as("failures (first ones)").isEmpty();
    assertThat(metricChecks[0]).isGreaterThan(100);
  }

  /** The start of the line holding byte {@code at} (so that offsets are ones a page could hold). */
  private static long lineStart(byte[] file, int at) {
    int i = Math.min(at, file.length);
    while (i > 0 && file[i - 1] != '\n') {
      i--;
    }
    return i;
  }

  /** Null when the answer's rows are exactly the whole lines of {@code file} between {@code from} and its offset. */
  @SuppressWarnings("unchecked")
  private static String checkTail(String body, long from, byte[] file) throws Exception {
    Map<String, Object> m = (Map<String, Object>) RunJson.parse(body);
    long offset = ((Number) m.get("offset")).longValue();
    if (offset < from || offset > file.length) {
      return "offset " + offset + " outside [" + from + ", " + file.length + "]";
    }
    if (offset > from && file[(int) offset - 1] != '\n') {
      return "offset " + offset + " is not at a line end";
    }
    String[] lines = new String(file, (int) from, (int) (offset - from), StandardCharsets.UTF_8).split("\n");
    List<?> rows = (List<?>) m.get("rows");
    int expected = offset == from ? 0 : lines.length;
    if (rows.size() != expected) {
      return rows.size() + " rows for " + expected + " lines";
    }
    for (int i = 0; i < expected; i++) {
      RunDir.MetricRow want = RunJson.read(lines[i], RunDir.MetricRow.class);
      List<?> got = (List<?>) rows.get(i);
      if (((Number) got.get(0)).longValue() != want.step() || !got.get(1).equals(want.metric())
          || ((Number) got.get(2)).doubleValue() != want.value()) {
        return "row " + i + " is " + got + ", the file has " + lines[i];
      }
    }
    return null;
  }
}
