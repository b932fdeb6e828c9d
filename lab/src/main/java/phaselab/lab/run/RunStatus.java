package phaselab.lab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run stands, read from its directory alone (the dashboard and {@code phaselab runs} show
 * it): a trainer holds {@value RunDir#LOCK} with its process id while it trains, and writes
 * "done", "stopped" or "failed" as the last word of log.txt when it ends.
 */
public enum RunStatus {
  /** A live process holds the run's lock. */
  RUNNING,
  /** The trainer reached train.steps. */
  FINISHED,
  /** The trainer stopped on an error (NaN loss, a checkpoint it could not write, …). */
  FAILED,
  /** Interrupted (Ctrl-C, SIGTERM, or killed: the lock's process is gone); phaselab resume continues it. */
  STOPPED,
  /** No training has happened yet. */
  PENDING;

  /** The status of the run in {@code dir}. */
  public static RunStatus of(RunDir dir) {
    Path lock = dir.lock();
    if (Files.isRegularFile(lock)) {
      try {
        long pid = Long.parseLong(Files.readString(lock).trim());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return RUNNING;
        }
      } catch (IOException | NumberFormatException e) {
        // unreadable or half-written lock: judge by the log
      }
    }
    String last = lastMarker(dir.log());
    if (last.startsWith(RunDir.DONE)) {
      return FINISHED;
    }
    if (last.startsWith(RunDir.FAILED)) {
      return FAILED;
    }
    return dir.exists() ? STOPPED : PENDING;
  }

  /** The last line of log.txt that starts a run or ends one. */
  private static String lastMarker(Path log) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i);
        if (l.startsWith(RunDir.DONE) || l.startsWith(RunDir.FAILED) || l.startsWith(RunDir.STOPPED) || l.startsWith("start:")
            || l.startsWith("resumed")) {
          return l;
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }

  /** Lower-case name, as shown. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
