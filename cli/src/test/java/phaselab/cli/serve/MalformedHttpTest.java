package phaselab.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.rng.RngStream;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;

/**
 * A malformed-request campaign against {@code phaselab serve} over raw sockets (#29): oversized
 * URLs and headers, bad percent-encoding, invalid UTF-8, absurd {@code from} offsets, HTTP/1.0,
 * pipelining, garbage request lines, half-closed connections, methods it does not serve, and slow
 * clients that trickle bytes. Every request must get a status line with a 2xx or 4xx (never a 5xx,
 * a silent close, a stack trace or a byte of the file outside the folder), the server must keep
 * answering a health check between requests, and slow clients must not hold up others.
 */
@Tag("campaign")
class MalformedHttpTest {
  @TempDir
  Path tmp;

  private static final String SECRET = "SECRET-OUTSIDE-THE-FOLDER";
  private static final int REQUESTS = 2200;

  @Test
  void everyMalformedRequestGetsAnAnswerAndTheServerKeepsServing() throws Exception {
    Path root = tmp.resolve("runs");
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a").resolve(RunDir.CONFIG), "name: a\n");
    Files.writeString(root.resolve("a").resolve(RunDir.METRICS), RunJson.metricRow(0, "train/loss", 2.5) + RunJson.metricRow(1, "train/loss", 2.0));
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
    RngStream rng = new RngStream(29, "malformed-http");
    Map<String, int[]> byKind = new TreeMap<>(); // kind → {requests, 2xx, 4xx}
    try (Dashboard d = Dashboard.start(root, "127.0.0.1", 0)) {
      int port = d.url().getPort();
      for (int i = 0; i < REQUESTS; i++) {
        Request r = request(rng, i);
        Answer a = send(port, r.bytes(), r.halfClose());
        int[] count = byKind.computeIfAbsent(r.kind(), k -> new int[3]);
        count[0]++;
        assertThat(a.statuses()).as("%s #%d got no status line (%s)", r.kind(), i, a.error()).isNotEmpty();
        for (int status : a.statuses()) {
          assertThat(status).as("%s #%d", r.kind(), i).isBetween(200, 499);
          count[status < 300 ? 1 : 2]++;
        }
        assertThat(a.text()).as(r.kind()).doesNotContain(SECRET).doesNotContain("Exception").doesNotContain("\tat ");
        if (i % 100 == 0) {
          healthy(port);
        }
      }
      slowClientsDoNotBlockOthers(port);
      healthy(port);
    }
    StringBuilder line = new StringBuilder("malformed HTTP campaign: " + REQUESTS + " requests;");
    byKind.forEach((k, c) -> line.append(String.format(" %s %d (%d 2xx, %d 4xx);", k, c[0], c[1], c[2])));
    System.out.println(line);
    assertThat(byKind).hasSizeGreaterThanOrEqualTo(10);
  }

  /** Eight clients trickle a request a byte at a time; a normal request meanwhile answers at once. */
  private static void slowClientsDoNotBlockOthers(int port) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", port);
        slow.add(s);
        pool.submit(() -> {
          try {
            OutputStream out = s.getOutputStream();
            for (byte b : "GET /api/runs HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
              out.write(b);
              out.flush();
              Thread.sleep(50);
            }
            for (int k = 0; k < 400; k++) {
              out.write('a');
              out.flush();
              Thread.sleep(50);
            }
          } catch (IOException | InterruptedException e) {
            // the server cut the slow client off: what it should do
          }
          return null;
        });
      }
      Thread.sleep(1500); // the slow clients hold their connections open
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        healthy(port);
        assertThat((System.nanoTime() - t0) / 1e9).as("a normal request beside 8 slow clients").isLessThan(2.0);
      }
    } finally {
      pool.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  private static void healthy(int port) throws IOException {
    Answer a = send(port, "GET /api/runs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
    assertThat(a.statuses()).as("health check (%s)", a.error()).containsExactly(200);
  }

  record Request(String kind, byte[] bytes, boolean halfClose) {}

  record Answer(List<Integer> statuses, String text, String error) {}

  private static Request request(RngStream rng, int i) {
    String get = "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s\r\n";
    switch (i % 12) {
      case 0 -> {
        return ascii("long-url", String.format(get, "/api/run?path=" + "a".repeat(1000 + rng.nextInt(200_000)), ""));
      }
      case 1 -> {
        return ascii("long-header", String.format(get, "/api/runs", "X-Big: " + "b".repeat(1000 + rng.nextInt(1_000_000)) + "\r\n"));
      }
      case 2 -> {
        StringBuilder h = new StringBuilder();
        int n = 100 + rng.nextInt(3000);
        for (int k = 0; k < n; k++) {
          h.append("X-H").append(k).append(": v\r\n");
        }
        return ascii("many-headers", String.format(get, "/api/runs", h));
      }
      case 3 -> {
        String[] bad = {"%", "%Z", "%ZZ", "%E0%A4%A", "%%", "%u0041", "%0", "a%2", "%FF%FE", "%C0%AF", "%00"};
        String b = bad[rng.nextInt(bad.length)];
        String target = rng.nextInt(2) == 0 ? "/api/metrics?path=" + b + "&from=0" : "/api/run?" + b + "=" + b;
        return ascii("percent-encoding", String.format(get, target, ""));
      }
      case 4 -> {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("GET /api/run?path=".getBytes(StandardCharsets.US_ASCII));
        int n = 1 + rng.nextInt(20);
        for (int k = 0; k < n; k++) {
          o.write(0x80 + rng.nextInt(0x80)); // bytes that are no UTF-8 start
        }
        o.writeBytes(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new Request("invalid-utf8", o.toByteArray(), false);
      }
      case 5 -> {
        String[] from = {"-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "abc", "", "1e9", "0x10",
            "NaN", String.valueOf(rng.nextInt(1 << 30)), "+5", " 3"};
        return ascii("absurd-from", String.format(get, "/api/metrics?path=a&from=" + from[rng.nextInt(from.length)].replace(" ", "%20"), ""));
      }
      case 6 -> {
        return ascii("http-1.0", "GET /api/runs HTTP/1.0\r\n\r\n");
      }
      case 7 -> {
        StringBuilder p = new StringBuilder();
        int n = 2 + rng.nextInt(4);
        for (int k = 0; k < n; k++) {
          p.append("GET /api/metrics?path=a&from=").append(k).append(" HTTP/1.1\r\nHost: x\r\n").append(k == n - 1 ? "Connection: close\r\n" : "")
              .append("\r\n");
        }
        return ascii("pipelined", p.toString());
      }
      case 8 -> {
        byte[] junk = new byte[1 + rng.nextInt(2000)];
        for (int k = 0; k < junk.length; k++) {
          junk[k] = (byte) (rng.nextInt(2) == 0 ? 32 + rng.nextInt(95) : rng.nextInt(256));
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(junk);
        o.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new Request("garbage", o.toByteArray(), false);
      }
      case 9 -> {
        String full = String.format(get, "/api/metrics?path=a&from=0", "");
        return new Request("half-closed", full.substring(0, 1 + rng.nextInt(full.length() - 1)).getBytes(StandardCharsets.US_ASCII), true);
      }
      case 10 -> {
        String[] methods = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "G E T"};
        return ascii("methods", methods[rng.nextInt(methods.length)] + " /api/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      }
      default -> {
        String[] paths = {"/../secret.txt", "/static/../../secret.txt", "/api/run?path=../secret.txt", "/api/metrics?path=..%2Fsecret.txt&from=0",
            "/%2e%2e/secret.txt", "/api/run?path=%2F", "//etc/passwd", "/api/run?path=a%00", "/api/metrics?path=a&path=b&from=0", "*"};
        return ascii("traversal", String.format(get, paths[rng.nextInt(paths.length)], ""));
      }
    }
  }

  private static Request ascii(String kind, String text) {
    return new Request(kind, text.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  /** Sends the bytes, optionally half-closes, and reads the whole answer (5 s at most). */
  private static Answer send(int port, byte[] bytes, boolean halfClose) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    String error = "";
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      Future<?> writer = Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
        try {
          OutputStream out = s.getOutputStream();
          out.write(bytes);
          out.flush();
          if (halfClose) {
            s.shutdownOutput();
          }
        } catch (IOException e) {
          // the server may answer and close before it has read everything (an oversized header)
        }
        return null;
      });
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        error = "timed out";
      } catch (IOException e) {
        error = e.getMessage(); // a reset after the answer is fine; no answer at all is not
      }
      writer.cancel(true);
    }
    String text = got.toString(StandardCharsets.ISO_8859_1);
    List<Integer> statuses = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP/1\\.[01] (\\d{3})").matcher(text);
    while (m.find()) {
      statuses.add(Integer.parseInt(m.group(1)));
    }
    return new Answer(statuses, text, error);
  }
}
