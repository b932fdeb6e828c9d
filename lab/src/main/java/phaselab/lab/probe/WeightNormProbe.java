package phaselab.lab.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.Mlp;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.workload.Workload;

/**
 * Weight norm (docs/research.md C.3; Murty et al. 2023): ‖θ‖ = √Σ_p ‖p‖² over all parameters, and the
 * same divided by the number of layers (the paper's depth-normalised variant; blocks of a
 * transformer, linear layers of an MLP).
 */
public final class WeightNormProbe implements Probe {
  /** ‖θ‖ and ‖θ‖ per layer, each in its own chart. */
  public static final ProbeSpec SPEC = new ProbeSpec("weight_norm", Set.of(), "", null, List.of("weight_norm"),
      ProbeSpec::ownChart, config -> new WeightNormProbe());

  @Override
  public String name() {
    return "weight_norm";
  }

  @Override
  public Map<String, Double> measure(Workload work, ProbeContext context) {
    double sq = 0;
    for (Tensor p : work.model().namedParameters().values()) {
      for (float v : p.data) {
        sq += (double) v * v;
      }
    }
    int layers = switch (work.model()) {
      case DecoderLM lm -> lm.config.layers();
      case BertEncoder bert -> bert.config.layers();
      case Mlp mlp -> mlp.layers().size();
      default -> 1;
    };
    double norm = Math.sqrt(sq);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("weight_norm", norm);
    out.put("weight_norm_per_layer", norm / Math.max(1, layers));
    return out;
  }
}
