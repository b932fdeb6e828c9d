package phaselab.lab.task.text;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/** Reads the regular files of a gzipped tar (ustar; what npm packs) in archive order. */
public final class Tgz {
  private Tgz() {}

  /** Calls {@code each(name, bytes)} for every regular file. */
  public static void forEach(Path file, BiConsumer<String, byte[]> each) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)))) {
      byte[] header = new byte[512];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          return;
        }
        if (header[0] == 0) {
          return; // the two zero blocks that end the archive
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        byte type = header[156];
        byte[] body = new byte[(int) size];
        in.readFully(body);
        long pad = (512 - size % 512) % 512;
        in.skipNBytes(pad);
        if (type == '0' || type == 0) {
          each.accept(prefix.isEmpty() ? name : prefix + "/" + name, body);
        }
      }
    }
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

}
