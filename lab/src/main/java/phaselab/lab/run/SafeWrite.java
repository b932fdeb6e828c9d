package phaselab.lab.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import phaselab.engine.io.Safetensors;

/**
 * Every file phaselab writes goes through here, so that a full disk, a size limit or a folder that
 * cannot be written stops the command with a message naming the file, and never leaves a file a
 * later read would take as whole: whole files are written to a temp file, forced and renamed over
 * the target (the old file, if any, stays until then); appended rows (metrics.jsonl, log.txt) are
 * cut back to the last whole row when an append fails.
 */
public final class SafeWrite {
  private SafeWrite() {}

  /** The whole file, atomically. */
  public static void bytes(Path file, byte[] bytes) throws IOException {
    try {
      Safetensors.writeAtomically(file, bytes);
    } catch (IOException e) {
      throw named(file, e);
    }
  }

  /** The whole file as UTF-8 text, atomically. */
  public static void text(Path file, String text) throws IOException {
    bytes(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Lines, each ended by a newline, atomically. */
  public static void lines(Path file, List<String> lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    text(file, sb.toString());
  }

  /**
   * Appends {@code text} (whole rows) to {@code file}; if the append fails part-way, the file is cut
   * back to its length before it (cutting needs no space), so no half row is left behind.
   */
  public static void append(Path file, String text) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long before = ch.size();
      try {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          ch.write(b);
        }
      } catch (IOException e) {
        try {
          ch.truncate(before);
        } catch (IOException ignored) {
          // the reader skips a damaged last line; the error below names the file
        }
        throw e;
      }
    } catch (IOException e) {
      throw named(file, e);
    }
  }

  /** The exception with the file and what to do in its message (the JDK's "File too large" names neither). */
  static IOException named(Path file, IOException e) {
    if (e.getMessage() != null && e.getMessage().startsWith("could not write ")) {
      return e;
    }
    String cause = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    return new IOException("could not write " + file + ": " + cause
        + " (free space, or make the folder writable, then run the command again; nothing partial was left)", e);
  }
}
