package phaselab.cli;

import picocli.CommandLine.Option;

/** The --threads option of every command that computes (a picocli mixin). */
final class ThreadsOption {
  @Option(names = "--threads", defaultValue = "2", description = "worker threads (results are identical for any value; default ${DEFAULT-VALUE})")
  int threads;

  /** Sizes the worker pool; a clear error below 1. */
  void apply() {
    Cli.threads(threads);
  }
}
