package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.nn.Dropout;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.workload.SupervisedWorkload;

/** model.rescale_neurons: the same function at another point of the rescaling orbit. */
class SymmetryTwinTest {
  private static SupervisedWorkload relu(String... more) throws Exception {
    String[] sets = new String[more.length + 2];
    sets[0] = "model.activation=relu";
    sets[1] = "model.bias=true";
    System.arraycopy(more, 0, sets, 2, more.length);
    return (SupervisedWorkload) Workloads.create(ChargeDynamicsTest.config("linear-sgd.yaml", sets));
  }

  @Test
  void theTwinComputesTheSameFunctionFromRescaledNeurons() throws Exception {
    SupervisedWorkload base = relu();
    SupervisedWorkload twin = relu("model.rescale_neurons=4");
    int[] rows = java.util.stream.IntStream.range(0, base.trainSize()).toArray();
    double lossBase = base.loss(rows, Dropout.EVAL).data[0];
    double lossTwin = twin.loss(rows, Dropout.EVAL).data[0];
    assertThat(lossTwin).isCloseTo(lossBase, within(1e-5 * lossBase));

    Map<String, float[]> a = values(base);
    Map<String, float[]> b = values(twin);
    List<SymmetryPair> neurons = Symmetries.of(twin.model(), true).get(1).pairs();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (SymmetryPair p : neurons) {
      // the log ratio ‖in‖²/‖out‖² moves by 4 ln a_j, so the factor is exp(shift / 4)
      double shift = NormBalanceProbe.logRatio(p, b) - NormBalanceProbe.logRatio(p, a);
      double factor = Math.exp(shift / 4);
      lo = Math.min(lo, factor);
      hi = Math.max(hi, factor);
    }
    assertThat(lo).isBetween(0.25 - 1e-6, 0.6);
    assertThat(hi).isBetween(1.7, 4 + 1e-6);
  }

  @Test
  void withoutTheKeyNothingMoves() throws Exception {
    assertThat(values(relu("model.rescale_neurons=1")).get("layers.0.linear.weight")).containsExactly(values(relu()).get("layers.0.linear.weight"));
  }

  private static Map<String, float[]> values(SupervisedWorkload w) {
    Map<String, float[]> v = new LinkedHashMap<>();
    w.model().namedParameters().forEach((k, t) -> v.put(k, t.data));
    return v;
  }
}
