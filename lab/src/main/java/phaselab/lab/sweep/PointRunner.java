package phaselab.lab.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import phaselab.lab.run.RunDir;

/**
 * Runs one sweep point as one child process — the contract every backend shares: a point with
 * checkpoints is resumed, anything else starts fresh in an emptied folder; output goes to
 * logs/ID.log; the exit code goes to ID/exit_status. Backends differ only in where this runs.
 */
public final class PointRunner {
  private PointRunner() {}

  /** Runs the point and returns its exit code; {@code train}/{@code resume} are the two argvs. */
  public static int run(Path out, String id, List<String> train, List<String> resume) throws IOException, InterruptedException {
    Path dir = out.resolve(id);
    boolean again = !new RunDir(dir).checkpointSteps().isEmpty();
    if (!again && Files.exists(dir)) {
      RunDir.deleteTree(dir); // a run that never reached a checkpoint restarts from scratch
    }
    Files.createDirectories(out.resolve("logs"));
    Process proc = new ProcessBuilder(again ? resume : train).redirectErrorStream(true)
        .redirectOutput(out.resolve("logs").resolve(id + ".log").toFile()).start();
    int code = proc.waitFor();
    Files.createDirectories(dir);
    phaselab.lab.run.SafeWrite.text(dir.resolve(SweepRunner.STATUS), code + "\n");
    return code;
  }
}
