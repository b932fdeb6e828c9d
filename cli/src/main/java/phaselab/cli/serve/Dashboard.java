package phaselab.cli.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import phaselab.lab.run.RunJson;

/**
 * {@code phaselab serve}: a read-only web server over a folder of runs ({@link HttpServer}, no
 * framework). It answers GET and HEAD only: the pages and their script from the jar, uPlot from its
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
  private final DashboardApi api;

  private Dashboard(InetSocketAddress address, DashboardApi api) throws IOException {
    this.api = api;
    this.server = new HttpServer(address, this::handle);
  }

  /**
   * Serves {@code folder} on host:port (port 0: any free one) until closed, warning on stderr when
   * the address is reachable from other machines; a {@link ServeException} names a bad folder or port.
   */
  public static Dashboard start(java.nio.file.Path folder, String host, int port) throws IOException {
    if (!java.nio.file.Files.isDirectory(folder)) {
      throw new ServeException("'" + folder + "' is not a folder; train something first (phaselab demo) or name a folder of runs");
    }
    if (port < 0 || port > 65535) {
      throw new ServeException("--port must be 0 to 65535, got " + port);
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      System.err.println("phaselab serve: warning: listening on " + host + ": anyone who can reach this address can read the runs "
          + "(configs, logs, metrics). The dashboard has no login; prefer an SSH tunnel to 127.0.0.1.");
    }
    try {
      return new Dashboard(new InetSocketAddress(host, port), new DashboardApi(new RunFolder(folder)));
    } catch (java.net.BindException e) {
      throw new ServeException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose another --port");
    }
  }

  /** The address to open in a browser. */
  public URI url() {
    InetAddress a = server.address();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/");
  }

  @Override
  public void close() {
    server.close();
  }

  private HttpServer.Response handle(HttpServer.Request request) {
    String path;
    Map<String, String> query;
    try {
      path = decode(request.rawPath());
      query = query(request.rawQuery());
    } catch (IllegalArgumentException e) {
      return HttpServer.Response.text(400, "malformed percent-encoding in the address");
    }
    if (path.startsWith("/api/")) {
      DashboardApi.Reply r;
      try {
        r = api.answer(path.substring(5), query);
      } catch (IOException | RuntimeException e) {
        r = new DashboardApi.Reply(500, Map.of("error", String.valueOf(e.getMessage())));
      }
      return new HttpServer.Response(r.status(), "application/json", RunJson.write(r.body()).getBytes(StandardCharsets.UTF_8));
    }
    try {
      String page = PAGES.get(path);
      if (page != null) {
        return new HttpServer.Response(200, "text/html; charset=utf-8", page(page));
      }
      String resource = ASSETS.get(path);
      byte[] body = resource == null ? null : read(resource);
      if (body == null) {
        return HttpServer.Response.text(404, "not found");
      }
      return new HttpServer.Response(200, type(resource), body);
    } catch (IOException e) {
      return HttpServer.Response.text(500, "the dashboard's own files could not be read");
    }
  }

  /**
   * Strict percent-decoding as UTF-8: a '%' not followed by two hex digits, or bytes that are not
   * well-formed UTF-8, are refused (IllegalArgumentException) rather than guessed at.
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("bad percent-encoding");
        }
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c == '+' ? ' ' : c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8");
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

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        q.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
      }
    }
    return q;
  }
}
