package phaselab.lab.probe;

import java.util.Map;
import phaselab.lab.workload.Workload;

/** A measurement of a model during training; returns metric name → value. */
public interface Probe {
  String name();

  /** Measures the workload's model at {@code context.step()} without changing it. */
  Map<String, Double> measure(Workload work, ProbeContext context);
}
