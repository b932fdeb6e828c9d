package phaselab.lab.train;

/**
 * What a run reports while it trains. The command line draws it (a bar on a terminal, log lines
 * otherwise); lab only calls it, so it writes no terminal codes itself.
 */
public interface Progress {
  /** Training starts (or resumes) at {@code step}. */
  void start(long step);

  /** Called after each logged step ({@code train.log_every}). */
  void step(long step, double loss, double lr);

  /** A message on its own line (evaluations, resumption, skipped checkpoints). */
  void message(String line);

  /** A progress sink that prints nothing (tests, embedded use). */
  static Progress silent() {
    return new Progress() {
      @Override
      public void start(long step) {}

      @Override
      public void step(long step, double loss, double lr) {}

      @Override
      public void message(String line) {}
    };
  }
}
