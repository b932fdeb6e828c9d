package phaselab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code phaselab} in a child JVM (to be killed), output appended to a log file. */
final class Child {
  private Child() {}

  /** The child's argv: this JVM's java and class path, the Vector API, the built-in GEMM plan. */
  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dphaselab.gemm.tune=off", "-cp", System.getProperty("java.class.path"),
        "phaselab.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Process start(Path log, String... args) throws Exception {
    return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }
}
