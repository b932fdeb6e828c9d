package phaselab.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which local addresses listen on a TCP port, read from the kernel's socket tables
 * ({@code /proc/net/tcp}, {@code tcp6}) so no tool is needed: how the tests check that every
 * server they start (Slurm daemons, the Spark Master and Worker) listens on loopback only.
 * Empty where the tables do not exist (not Linux).
 */
public final class Listeners {
  private Listeners() {}

  /** "127.0.0.1", "0.0.0.0" (every interface), "::" and so on, once per listening socket. */
  public static List<String> on(int port) throws IOException {
    List<String> out = new ArrayList<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      Path f = Path.of(table);
      if (!Files.isReadable(f)) {
        continue;
      }
      List<String> lines = Files.readAllLines(f);
      for (String line : lines.subList(1, lines.size())) {
        String[] col = line.trim().split("\\s+");
        String[] local = col[1].split(":");
        if (!col[3].equals("0A") || Integer.parseInt(local[1], 16) != port) {
          continue; // 0A: LISTEN
        }
        byte[] raw = HexFormat.of().parseHex(local[0]);
        byte[] addr = new byte[raw.length];
        for (int w = 0; w < raw.length; w += 4) { // the kernel prints each 32-bit word little-endian
          for (int j = 0; j < 4; j++) {
            addr[w + j] = raw[w + 3 - j];
          }
        }
        out.add(InetAddress.getByAddress(addr).getHostAddress().replaceAll("^0:0:0:0:0:0:0:0$", "::"));
      }
    }
    return out;
  }
}
