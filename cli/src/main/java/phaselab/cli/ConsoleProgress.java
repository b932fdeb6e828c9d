package phaselab.cli;

import java.io.PrintStream;
import phaselab.lab.train.Progress;

/**
 * The command line's view of a run's progress: a one-line bar with loss, step rate and ETA redrawn in place on a terminal,
 * or a plain log line every {@code train.log_every} steps otherwise (CI logs, files).
 */
final class ConsoleProgress implements Progress {
  private final PrintStream out;
  private final boolean terminal;
  private final long total;
  private long startNanos;
  private long startStep;
  private long lastDraw;

  ConsoleProgress(PrintStream out, boolean terminal, long total) {
    this.out = out;
    this.terminal = terminal;
    this.total = total;
  }

  /** True when stdout is an interactive terminal. */
  static boolean isTerminal() {
    var c = System.console();
    return c != null && c.isTerminal();
  }

  @Override
  public void start(long step) {
    startStep = step;
    startNanos = System.nanoTime();
  }

  @Override
  public void step(long step, double loss, double lr) {
    double sec = (System.nanoTime() - startNanos) / 1e9;
    double rate = sec > 0 ? (step - startStep) / sec : 0;
    long eta = rate > 0 ? Math.round((total - step) / rate) : 0;
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L && step < total) {
        return;
      }
      lastDraw = now;
      int width = 30;
      int filled = (int) (width * step / Math.max(1, total));
      String bar = "#".repeat(filled) + "-".repeat(width - filled);
      out.printf("\r[%s] %d/%d | loss %.4f | %.1f steps/s | ETA %s", bar, step, total, loss, rate, clock(eta));
      if (step >= total) {
        out.println();
      }
    } else {
      out.printf("step %d/%d | loss %.4f | lr %.2e | %.1f steps/s | ETA %s%n", step, total, loss, lr, rate, clock(eta));
    }
    out.flush();
  }

  /** A message on its own line (clears the bar first on a terminal). */
  @Override
  public void message(String line) {
    if (terminal) {
      out.print("\r\033[K");
    }
    out.println(line);
    out.flush();
  }

  static String clock(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds / 60 % 60)
        : String.format("%dm%02ds", seconds / 60, seconds % 60);
  }
}
