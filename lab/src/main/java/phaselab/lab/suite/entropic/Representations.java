package phaselab.lab.suite.entropic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.workload.SupervisedWorkload;
import phaselab.lab.workload.Workload;

/**
 * The layer representations alignment compares: for an MLP, each hidden layer after its
 * activation (hook layers.i.post) and the output (hook output), on the first n test inputs.
 */
public final class Representations {
  private Representations() {}

  /** A layer's activations, (n × width) row-major. */
  public record Layer(String name, int width, float[] values) {}

  public static List<Layer> of(Workload work, int n) {
    if (!(work instanceof SupervisedWorkload s)) {
      throw new IllegalArgumentException("alignment compares MLP representations; this run trains " + work.describe());
    }
    if (n > s.test().n()) {
      throw new IllegalArgumentException("asked for " + n + " inputs, the test set has " + s.test().n() + "; lower --samples");
    }
    List<String> names = new ArrayList<>();
    for (String h : s.model().namedHooks().keySet()) {
      if (h.endsWith(".post") || h.equals("output")) {
        names.add(h);
      }
    }
    Map<String, Tensor> seen = new LinkedHashMap<>();
    try (Hooks hooks = s.model().hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
      for (String h : names) {
        hooks.forward(h, (name, x) -> {
          seen.put(name, x);
          return x;
        });
      }
      s.model().forward(s.test().inputs(java.util.stream.IntStream.range(0, n).toArray()));
    }
    List<Layer> out = new ArrayList<>();
    for (String h : names) {
      Tensor t = seen.get(h);
      out.add(new Layer(h, t.dim(1), t.data));
    }
    return out;
  }
}
