package phaselab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** RUN_DIR and --threads, shared by the commands that work on one run (a picocli mixin). */
final class RunOptions {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory made by phaselab train")
  Path dir;
  @Mixin
  ThreadsOption threads;

  /** Sizes the worker pool and reads the run's resolved config: the preamble of every command on a run. */
  OpenRun open() {
    threads.apply();
    return OpenRun.of(dir);
  }
}
