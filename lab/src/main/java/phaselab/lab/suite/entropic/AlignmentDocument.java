package phaselab.lab.suite.entropic;

import java.util.List;
import java.util.Map;

/**
 * The file {@code phaselab probe align} writes (probes/align-NAME.json, through RunJson): CKA,
 * debiased CKA, mutual k-NN and Huh et al.'s mutual k-NN (with its best layer pair) between every
 * layer of run A (rows) and of run B (columns) at each common step, and for two MLPs of one shape
 * the symmetry-twin gap of each hidden layer ({@link #neuronScaleGap}). Files written before a
 * column existed read it as null.
 */
public record AlignmentDocument(String runA, String runB, int samples, int k, List<String> layersA, List<String> layersB, List<Step> steps) {
  public record Step(long step, double[][] cka, double[][] mutualKnn, double[][] debiasedCka, double[][] mutualKnnReference,
      Double bestMutualKnnReference, Map<String, Double> neuronScaleGap) {}

  /**
   * Per hidden layer of two MLPs of the same shape: the median over neurons j of
   * |ln(‖w_j^A‖²/‖u_j^A‖²) − ln(‖w_j^B‖²/‖u_j^B‖²)| / 4, i.e. |ln a_j| for a net and its twin
   * rescaled by a_j (model.rescale_neurons): how far apart on the rescaling orbit the two runs'
   * neurons sit. Empty when the models are not MLPs of one shape.
   */
  public static Map<String, Double> neuronScaleGap(phaselab.engine.nn.Module a, phaselab.engine.nn.Module b) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    if (!(a instanceof phaselab.engine.model.Mlp ma && b instanceof phaselab.engine.model.Mlp mb)
        || !java.util.Arrays.equals(ma.widths(), mb.widths())) {
      return out;
    }
    Map<String, float[]> va = new java.util.HashMap<>();
    Map<String, float[]> vb = new java.util.HashMap<>();
    a.namedParameters().forEach((k, t) -> va.put(k, t.data));
    b.namedParameters().forEach((k, t) -> vb.put(k, t.data));
    for (SymmetryGroup g : Symmetries.of(a, true)) {
      if (g.kind().equals("neuron")) {
        double[] gaps = g.pairs().stream().mapToDouble(p -> Math.abs(NormBalanceProbe.logRatio(p, va) - NormBalanceProbe.logRatio(p, vb)) / 4)
            .filter(Double::isFinite).sorted().toArray();
        out.put(g.name(), phaselab.lab.stats.Quantiles.linear(gaps, 0.5));
      }
    }
    return out;
  }
}
