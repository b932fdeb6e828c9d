package phaselab.lab.suite.entropic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.workload.Workload;

/**
 * One backward pass per probe example (no dropout), reduced on the fly: the mean loss, the mean
 * gradient ∇L (double precision), per parameter mean‖g_i‖², and per symmetry pair the mean
 * per-example energies of its two sides. Leaves the parameter gradients zeroed.
 *
 * @param loss mean per-example loss
 * @param mean parameter name → mean gradient
 * @param sampleSq parameter name → mean‖g_i‖² over that tensor
 * @param energies group name → per pair {mean‖g_i,in‖², mean‖g_i,out‖²}
 */
public record PerExampleGradients(double loss, Map<String, double[]> mean, Map<String, Double> sampleSq,
    Map<String, List<double[]>> energies) {

  public static PerExampleGradients measure(Workload work, int[] examples, List<SymmetryGroup> groups) {
    Map<String, Tensor> params = work.model().namedParameters();
    Map<String, double[]> sum = new LinkedHashMap<>();
    Map<String, Double> sq = new LinkedHashMap<>();
    params.forEach((k, t) -> {
      sum.put(k, new double[t.size()]);
      sq.put(k, 0.0);
    });
    Map<String, List<double[]>> energies = new LinkedHashMap<>();
    for (SymmetryGroup grp : groups) {
      List<double[]> e = new ArrayList<>();
      grp.pairs().forEach(x -> e.add(new double[2]));
      energies.put(grp.name(), e);
    }
    Map<String, float[]> grads = new LinkedHashMap<>();
    double loss = 0;
    for (int ex : examples) {
      work.model().zeroGrad();
      Tensor l = work.loss(new int[] {ex}, Dropout.EVAL);
      loss += l.item();
      Tape.backward(l);
      for (var e : params.entrySet()) {
        float[] g = e.getValue().grad() != null ? e.getValue().grad() : new float[e.getValue().size()];
        grads.put(e.getKey(), g);
        double[] s = sum.get(e.getKey());
        double q = 0;
        for (int i = 0; i < g.length; i++) {
          s[i] += g[i];
          q += (double) g[i] * g[i];
        }
        sq.merge(e.getKey(), q, Double::sum);
      }
      for (SymmetryGroup grp : groups) {
        List<double[]> e = energies.get(grp.name());
        for (int m = 0; m < grp.pairs().size(); m++) {
          e.get(m)[0] += grp.pairs().get(m).inSq(grads);
          e.get(m)[1] += grp.pairs().get(m).outSq(grads);
        }
      }
    }
    work.model().zeroGrad();
    int n = examples.length;
    sum.values().forEach(s -> {
      for (int i = 0; i < s.length; i++) {
        s[i] /= n;
      }
    });
    sq.replaceAll((k, v) -> v / n);
    energies.values().forEach(list -> list.forEach(e -> {
      e[0] /= n;
      e[1] /= n;
    }));
    return new PerExampleGradients(loss / n, sum, sq, energies);
  }

  /** ‖∇L‖² over all parameters. */
  public double meanGradSq() {
    double s = 0;
    for (double[] g : mean.values()) {
      for (double v : g) {
        s += v * v;
      }
    }
    return s;
  }

  public List<double[]> pairEnergies(SymmetryGroup grp) {
    return energies.get(grp.name());
  }
}
