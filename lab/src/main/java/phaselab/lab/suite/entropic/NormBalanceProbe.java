package phaselab.lab.suite.entropic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.stats.Quantiles;
import phaselab.lab.workload.Workload;

/**
 * Where each rescaling symmetry sits on its orbit, from the weights alone: ln(‖in‖² / ‖out‖²) of
 * every layer pair (with ‖in‖² and ‖out‖²) and the quartiles of the same log ratio over each layer's hidden neurons. It
 * needs no gradients, so it can be measured every few steps: the relaxation of these ratios to
 * their SGD fixed point is what docs/entropic-forces.md times (d_in/d_out for a two-layer linear
 * net on isotropic inputs). The gradient-energy balance is the entropic probe's.
 */
public final class NormBalanceProbe implements Probe {
  /** The norm balance of each symmetry group, one chart. */
  public static final ProbeSpec SPEC = new ProbeSpec("norm_balance", Set.of(), "", null, List.of("norm_balance/"),
      ProbeSpec::ownChart, config -> new NormBalanceProbe(config.model().homogeneous()));

  private final boolean homogeneous;

  /** {@code homogeneous}: the model's activation is ReLU or identity (else it has no such symmetry). */
  public NormBalanceProbe(boolean homogeneous) {
    this.homogeneous = homogeneous;
  }

  @Override
  public String name() {
    return "norm_balance";
  }

  @Override
  public Map<String, Double> measure(Workload work, ProbeContext context) {
    Map<String, float[]> values = new LinkedHashMap<>();
    work.model().namedParameters().forEach((k, t) -> values.put(k, t.data));
    Map<String, Double> out = new LinkedHashMap<>();
    for (SymmetryGroup g : Symmetries.of(work.model(), homogeneous)) {
      String q = "norm_balance/" + g.name() + "/";
      if (g.kind().equals("layer")) {
        SymmetryPair pair = g.pairs().get(0);
        out.put(q + "in_sq", pair.inSq(values));
        out.put(q + "out_sq", pair.outSq(values));
        out.put(q + "log_norm_ratio", logRatio(pair, values));
      } else if (g.kind().equals("neuron")) {
        double[] logs = logRatios(g.pairs(), values);
        out.put(q + "log_norm_ratio_q25", Quantiles.linear(logs, 0.25));
        out.put(q + "log_norm_ratio_median", Quantiles.linear(logs, 0.5));
        out.put(q + "log_norm_ratio_q75", Quantiles.linear(logs, 0.75));
      }
    }
    return out;
  }

  /** ln(‖in‖² / ‖out‖²); ±∞ or NaN where a side is zero (a unit whose weights all vanished). */
  static double logRatio(SymmetryPair pair, Map<String, float[]> values) {
    return Math.log(pair.inSq(values) / pair.outSq(values));
  }

  /** The finite log ratios of {@code pairs}, sorted. */
  static double[] logRatios(List<SymmetryPair> pairs, Map<String, float[]> values) {
    return pairs.stream().mapToDouble(p -> logRatio(p, values)).filter(Double::isFinite).sorted().toArray();
  }
}
