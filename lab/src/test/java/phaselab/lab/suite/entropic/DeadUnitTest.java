package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Probes;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.workload.Workload;

/**
 * A dead ReLU unit has no incoming and no outgoing gradient, so no balance ratio: it is counted in
 * dead_units and left out of the neuron-balance quantiles and the balanced fraction, which stay
 * finite (its NaN used to sort last and make the ≥ 90 % criterion unreachable).
 */
class DeadUnitTest {
  @Test
  void aDeadReluUnitIsCountedApartFromNeuronBalance() throws Exception {
    ExperimentConfig c = ChargeDynamicsTest.config("linear-sgd.yaml", "model.activation=relu", "model.bias=true", "model.hidden=[8]",
        "probes.entropic.sharpness_iterations=0", "probes.entropic.samples=64");
    Workload w = Workloads.create(c);
    Map<String, Tensor> params = w.model().namedParameters();
    Tensor weight = params.get("layers.0.linear.weight"); // (8, 20)
    Tensor bias = params.get("layers.0.linear.bias");
    for (int j = 0; j < weight.dim(1); j++) {
      weight.data[j] = 0; // unit 0: pre-activation −5 on every input
    }
    bias.data[0] = -5;
    Map<String, Double> m = EntropicProbe.of(c).measure(w, Probes.context(c, 0, () -> params));
    String group = m.keySet().stream().filter(k -> k.endsWith("/dead_units")).findFirst().orElseThrow();
    String prefix = group.substring(0, group.length() - "dead_units".length());
    assertThat(m.get(group)).isEqualTo(1.0);
    assertThat(m.get(prefix + "measured_units")).isEqualTo(7.0);
    assertThat(m.get(prefix + "balanced_fraction")).isBetween(0.0, 1.0);
    assertThat(List.of(m.get(prefix + "log_balance_q25"), m.get(prefix + "log_balance_q75"))).allMatch(Double::isFinite);
  }
}
