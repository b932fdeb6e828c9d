package phaselab.cli.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The dashboard's HTTP/1.1 server: GET and HEAD, keep-alive and pipelining, nothing else. It is
 * ours rather than the JDK's {@code com.sun.net.httpserver} because that one drops a connection
 * without a status line when a request's headers are too large, and names its internal
 * exceptions in its 400 pages; a server facing any local client should answer every request with
 * a status and say nothing about its insides.
 *
 * <p>Limits, each answered with its status and the connection closed: a request line over
 * {@link #MAX_LINE} bytes (414), headers over {@link #MAX_HEADERS} in count or
 * {@link #MAX_HEADER_BYTES} in size (431), a request not complete within {@link #REQUEST_TIMEOUT_MS}
 * (408: a client that trickles bytes is cut off, and holds only its own virtual thread meanwhile),
 * a request body (413/400: nothing here takes one), and more than {@link #MAX_CONNECTIONS} open
 * connections (503). Before closing after an error the server drains what the client is still
 * sending for a moment, so that the close does not reset the connection before the client has
 * read the answer.
 */
final class HttpServer implements AutoCloseable {
  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEADERS = 100;
  static final int MAX_HEADER_BYTES = 64 * 1024;
  static final int REQUEST_TIMEOUT_MS = 10_000;
  static final int IDLE_TIMEOUT_MS = 30_000;
  static final int MAX_CONNECTIONS = 512;

  /** A request as the handler sees it: method (GET or HEAD), the raw path and raw query (null if none). */
  record Request(String method, String rawPath, String rawQuery) {}

  /** A response: status, content type and body. */
  record Response(int status, String type, byte[] body) {
    static Response text(int status, String message) {
      return new Response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  interface Handler {
    Response handle(Request request);
  }

  /** A request the server refuses before it reaches the handler. */
  private static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Thread acceptor;

  HttpServer(InetSocketAddress address, Handler handler) throws IOException {
    this.socket = new ServerSocket();
    this.socket.bind(address, 128);
    this.handler = handler;
    this.acceptor = Thread.ofPlatform().daemon().name("phaselab-dashboard-accept").start(this::acceptLoop);
  }

  InetAddress address() {
    return socket.getInetAddress();
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing to do
    }
    connections.shutdownNow();
    acceptor.interrupt();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends) or a failed accept (the next one may work)
      }
      if (!slots.tryAcquire()) {
        connections.submit(() -> refuseAndClose(client, 503, "too many connections; retry shortly"));
        continue;
      }
      try {
        connections.submit(() -> {
          try {
            serve(client);
          } finally {
            slots.release();
          }
        });
      } catch (RuntimeException e) { // shut down while accepting
        slots.release();
        closeQuietly(client);
      }
    }
  }

  /** Requests on one connection, one after the other (pipelined ones included), until it closes. */
  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
      OutputStream out = client.getOutputStream();
      boolean first = true;
      while (true) {
        client.setSoTimeout(first ? REQUEST_TIMEOUT_MS : IDLE_TIMEOUT_MS);
        Parsed p;
        try {
          p = read(in, client);
        } catch (Refused r) {
          write(out, r.status, Response.text(r.status, r.getMessage()), false, false);
          linger(client, in);
          return;
        }
        if (p == null) {
          return; // the client closed between requests
        }
        first = false;
        Response response;
        try {
          response = handler.handle(p.request());
        } catch (RuntimeException e) {
          response = Response.text(500, "internal error");
        }
        write(out, response.status(), response, p.request().method().equals("HEAD"), p.keepAlive());
        if (!p.keepAlive()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away, or a read timed out between requests: nothing to answer
    }
  }

  private record Parsed(Request request, boolean keepAlive) {}

  /** One request, or null at a clean end of the stream before its first byte. */
  private static Parsed read(InputStream in, Socket client) throws IOException, Refused {
    long deadline = System.nanoTime() + REQUEST_TIMEOUT_MS * 1_000_000L;
    String line;
    do {
      line = line(in, MAX_LINE, 414, "request line longer than " + MAX_LINE + " bytes", deadline, client, true);
      if (line == null) {
        return null;
      }
    } while (line.isEmpty()); // RFC 9112 §2.2: ignore empty lines before a request
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new Refused(400, "malformed request line");
    }
    String method = parts[0];
    String version = parts[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new Refused(400, "HTTP/1.1 or HTTP/1.0 only");
    }
    if (!method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new Refused(400, "malformed method");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int headerBytes = 0;
    while (true) {
      String h = line(in, MAX_HEADER_BYTES - headerBytes, 431, "headers larger than " + MAX_HEADER_BYTES + " bytes", deadline, client,
          false);
      if (h == null) {
        throw new Refused(400, "incomplete request");
      }
      if (h.isEmpty()) {
        break;
      }
      headerBytes += h.length() + 2;
      if (headers.size() >= MAX_HEADERS) {
        throw new Refused(431, "more than " + MAX_HEADERS + " headers");
      }
      int colon = h.indexOf(':');
      if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t') {
        throw new Refused(400, "malformed header line");
      }
      String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).strip();
      if (headers.containsKey(name) && (name.equals("content-length") || name.equals("host"))) {
        throw new Refused(400, "repeated " + name + " header");
      }
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new Refused(405, "read-only: GET and HEAD only");
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new Refused(400, "request bodies are not accepted");
    }
    String length = headers.get("content-length");
    if (length != null && !length.equals("0")) {
      throw new Refused(length.chars().allMatch(Character::isDigit) ? 413 : 400, "request bodies are not accepted");
    }
    String target = parts[1];
    if (!target.startsWith("/")) {
      throw new Refused(400, "the request target must be a path");
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive = version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
    return new Parsed(new Request(method, path, query), keepAlive);
  }

  /**
   * One CRLF- (or LF-) terminated line of printable ASCII, at most {@code max} bytes; null at the
   * end of the stream before any byte (only where {@code endOk}).
   */
  private static String line(InputStream in, int max, int tooLong, String tooLongMessage, long deadline, Socket client, boolean endOk)
      throws IOException, Refused {
    StringBuilder sb = new StringBuilder();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new Refused(408, "request not complete within " + REQUEST_TIMEOUT_MS / 1000 + " s");
      }
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        if (sb.isEmpty() && endOk) {
          throw e; // idle between requests: just close
        }
        throw new Refused(408, "request not complete within " + REQUEST_TIMEOUT_MS / 1000 + " s");
      }
      if (b < 0) {
        if (sb.isEmpty() && endOk) {
          return null;
        }
        throw new Refused(400, "incomplete request");
      }
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      if (sb.length() >= max) {
        throw new Refused(tooLong, tooLongMessage);
      }
      if (b != '\r' && b != '\t' && (b < 0x20 || b > 0x7e)) {
        throw new Refused(400, "request bytes outside printable ASCII (encode them as %XX)");
      }
      sb.append((char) b);
    }
  }

  private static void write(OutputStream out, int status, Response r, boolean head, boolean keepAlive) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(r.body().length + 256);
    String header = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "Content-Type: " + r.type() + "\r\n"
        + "Content-Length: " + r.body().length + "\r\n"
        + "Cache-Control: no-store\r\n"
        + "X-Content-Type-Options: nosniff\r\n"
        + (status == 405 ? "Allow: GET, HEAD\r\n" : "")
        + "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
    buf.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      buf.writeBytes(r.body());
    }
    buf.writeTo(out);
    out.flush();
  }

  /**
   * After an error answer: stop sending, then read and discard what the client still sends, for at
   * most a second and 8 MiB, so that closing with unread input does not reset the connection (which
   * would make the client lose the answer).
   */
  private static void linger(Socket client, InputStream in) {
    try {
      client.shutdownOutput();
      long end = System.nanoTime() + 1_000_000_000L;
      byte[] sink = new byte[16 * 1024];
      long drained = 0;
      while (drained < (8 << 20)) {
        long left = (end - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          break;
        }
        client.setSoTimeout((int) left);
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        drained += n;
      }
    } catch (IOException e) {
      // the client closed or the time ran out: close now
    }
  }

  private static void refuseAndClose(Socket client, int status, String message) {
    try (client) {
      write(client.getOutputStream(), status, Response.text(status, message), false, false);
    } catch (IOException e) {
      // the client is gone
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
