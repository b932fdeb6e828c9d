package phaselab.lab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run stands, read from its directory alone (the dashboard and {@code phaselab runs} show
 * it): a trainer holds {@value RunDir#LOCK} with its process id and host while it trains, and
 * writes "done", "stopped" or "failed" as the last word of log.txt when it ends. A lock written on
 * another host (a Slurm node sharing the folder) counts as running while the run wrote metrics or
 * log lines in the last {@link #REMOTE_QUIET_MINUTES} minutes.
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

  /** How long a run on another host may stay silent and still count as running. */
  public static final int REMOTE_QUIET_MINUTES = 10;

  /** What a trainer writes into the lock: its process id and host. */
  public static String lockContent() {
    return ProcessHandle.current().pid() + " " + host() + "\n";
  }

  /** The status of the run in {@code dir}. */
  public static RunStatus of(RunDir dir) {
    Path lock = dir.lock();
    if (Files.isRegularFile(lock)) {
      try {
        String[] f = Files.readString(lock).trim().split("\\s+");
        long pid = Long.parseLong(f[0]);
        boolean here = f.length < 2 || f[1].equals(host());
        if (here ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) : recentlyWritten(dir)) {
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

  private static boolean recentlyWritten(RunDir dir) throws IOException {
    long newest = 0;
    for (Path p : new Path[] {dir.metrics(), dir.log()}) {
      if (Files.exists(p)) {
        newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
      }
    }
    return System.currentTimeMillis() - newest < REMOTE_QUIET_MINUTES * 60_000L;
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
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
