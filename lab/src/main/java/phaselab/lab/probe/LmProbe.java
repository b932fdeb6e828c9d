package phaselab.lab.probe;

import java.util.Map;
import phaselab.engine.model.DecoderLM;
import phaselab.lab.task.LmTask;
import phaselab.lab.workload.LmWorkload;
import phaselab.lab.workload.Workload;

/** A probe that reads a transformer language model and its sequence task. */
public interface LmProbe extends Probe {
  /** Measures {@code model} (without changing it) on inputs it takes from {@code task}. */
  Map<String, Double> measure(DecoderLM model, LmTask task);

  @Override
  default Map<String, Double> measure(Workload work, ProbeContext context) {
    LmWorkload lm = LmWorkload.require(work, name());
    return measure(lm.model(), lm.task());
  }
}
