package phaselab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --checkpoint STEP[,STEP…] of the probes: which checkpoints to measure (a picocli mixin). */
final class StepsOption {
  @Option(names = "--checkpoint", paramLabel = "STEP", split = ",",
      description = "checkpoint steps, comma-separated (default: the initialisation and every checkpoint)")
  List<Long> steps;

  /** The chosen steps of {@code run}, or the initialisation and every checkpoint. */
  List<Long> of(OpenRun run) {
    if (steps == null) {
      return run.steps(null);
    }
    List<Long> out = new ArrayList<>();
    for (long s : steps) {
      out.addAll(run.steps(s));
    }
    return out;
  }
}
