package phaselab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import phaselab.engine.tensor.Parallel;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;

/** Helpers shared by the commands: exit codes, config loading, thread setup. */
public final class Cli {
  public static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final int INTERRUPTED = 130;

  private Cli() {}

  /** A user error: printed as one line, exit code 2. */
  public static final class UserError extends RuntimeException {
    public UserError(String message) {
      super(message);
    }
  }

  static void threads(int n) {
    if (n < 1) {
      throw new UserError("--threads must be at least 1, got " + n);
    }
    Parallel.setThreads(n);
  }

  static ExperimentConfig loadConfig(Path file, List<String> overrides) {
    try {
      return ConfigLoader.load(file, overrides);
    } catch (ConfigException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The run folder's resolved config. */
  public static ExperimentConfig runConfig(RunDir run) {
    if (!run.exists()) {
      throw new UserError("'" + run.path() + "' is not a run directory (no " + RunDir.CONFIG + "); give a folder made by phaselab train");
    }
    try {
      return ConfigLoader.loadResolved(run.config(), run.path().getFileName().toString(), List.of());
    } catch (IOException e) {
      throw new UserError("cannot read " + run.config() + ": " + e.getMessage());
    } catch (ConfigException e) {
      throw new UserError(run.config() + ": " + e.getMessage());
    }
  }
}
