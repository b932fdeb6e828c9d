package phaselab.lab.run;

import java.io.IOException;
import java.util.List;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;

/** Reads the resolved config a run directory was trained with: what every command on a run starts from. */
public final class RunConfig {
  private RunConfig() {}

  /** {@code run}'s resolved config; a {@link RunFolderException} naming the cause when it is not a run or does not read. */
  public static ExperimentConfig read(RunDir run) {
    if (!run.exists()) {
      throw new RunFolderException("'" + run.path() + "' is not a run directory (no " + RunDir.CONFIG + "); give a folder made by phaselab train");
    }
    try {
      return ConfigLoader.loadResolved(run.config(), run.path().getFileName().toString(), List.of());
    } catch (IOException e) {
      throw new RunFolderException("cannot read " + run.config() + ": " + e.getMessage());
    } catch (ConfigException e) {
      throw new RunFolderException(run.config() + ": " + e.getMessage());
    }
  }
}
