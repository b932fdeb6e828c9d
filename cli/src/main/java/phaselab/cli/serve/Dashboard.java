package phaselab.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import phaselab.lab.run.RunJson;

/**
 * {@code phaselab serve}: a read-only web server over a folder of runs (the JDK's HTTP server,
 * no framework). It answers GET only: the pages and their script from the jar, uPlot from its
 * WebJar, and the JSON of {@link DashboardApi}. Nothing else is served: every file it reads is
 * reached through {@link RunFolder}, which refuses paths out of the folder.
 */
public final class Dashboard implements AutoCloseable {
  /** Page address → its name: page.html with that page's main part (NAME.main.html). */
  private static final Map<String, String> PAGES = Map.of("/", "index", "/run", "run", "/sweep", "sweep", "/compare", "compare");
  /** The assets, from the jar (nothing is fetched from the network). */
  private static final Map<String, String> ASSETS = Map.of(
      "/static/dashboard.js", "/phaselab/dashboard/dashboard.js",
      "/static/dashboard.css", "/phaselab/dashboard/dashboard.css",
      "/static/uplot.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
      "/static/uplot.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");

  private final HttpServer server;
  private final ExecutorService pool;
  private final DashboardApi api;

  private Dashboard(HttpServer server, ExecutorService pool, DashboardApi api) {
    this.server = server;
    this.pool = pool;
    this.api = api;
  }

  /** Serves {@code folder} on host:port (port 0: any free one) until closed. */
  public static Dashboard start(java.nio.file.Path folder, String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "phaselab-dashboard");
      t.setDaemon(true);
      return t;
    });
    Dashboard d = new Dashboard(server, pool, new DashboardApi(new RunFolder(folder)));
    server.createContext("/", d::handle);
    server.setExecutor(pool);
    server.start();
    return d;
  }

  /** The address to open in a browser. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain", "read-only: GET only\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/api/")) {
        DashboardApi.Reply r;
        try {
          r = api.answer(path.substring(5), query(ex.getRequestURI()));
        } catch (IOException | RuntimeException e) {
          r = new DashboardApi.Reply(500, Map.of("error", String.valueOf(e.getMessage())));
        }
        send(ex, r.status(), "application/json", RunJson.write(r.body()).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String page = PAGES.get(path);
      if (page != null) {
        send(ex, 200, "text/html; charset=utf-8", page(page));
        return;
      }
      String resource = ASSETS.get(path);
      byte[] body = resource == null ? null : read(resource);
      if (body == null) {
        send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(ex, 200, type(resource), body);
    }
  }

  private static byte[] page(String name) throws IOException {
    String shell = new String(read("/phaselab/dashboard/page.html"), StandardCharsets.UTF_8);
    String main = new String(read("/phaselab/dashboard/" + name + ".main.html"), StandardCharsets.UTF_8);
    return shell.replace("{{title}}", name.equals("index") ? "runs" : name).replace("{{page}}", name).replace("{{main}}", main)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String type(String resource) {
    return resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        q.put(k, v);
      }
    }
    return q;
  }
}
