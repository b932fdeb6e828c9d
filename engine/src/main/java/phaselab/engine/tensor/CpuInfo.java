package phaselab.engine.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the GEMM tuning is keyed by: the CPU model, the vector width the JIT uses and the JDK. */
public final class CpuInfo {
  private CpuInfo() {}

  /** The "model name" line of /proc/cpuinfo, or the OS architecture where there is none. */
  public static String modelName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc unreadable: fall through to the architecture
    }
    return System.getProperty("os.arch", "unknown");
  }

  /**
   * A file-name-safe key: CPU model, vector lanes and JDK feature version. A different JDK may
   * compile the kernels differently, so its tuning is measured anew.
   */
  public static String tuningKey() {
    String raw = modelName() + "-" + GemmKernels.L + "lanes-jdk" + Runtime.version().feature();
    return raw.replaceAll("[^A-Za-z0-9._-]+", "_");
  }
}
