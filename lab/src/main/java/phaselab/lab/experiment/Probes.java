package phaselab.lab.experiment;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.AttentionSparsityProbe;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.WeightNormProbe;
import phaselab.lab.probe.entropic.EntropicProbe;
import phaselab.lab.probe.entropic.NormBalanceProbe;
import phaselab.lab.probe.nodes.NodeProbe;
import phaselab.lab.probe.structure.TreeProjectionProbe;
import phaselab.lab.train.Optimizers;

/** The probe registry: config name → probe with its settings, and the context probes measure in. */
public final class Probes {
  private Probes() {}

  /** The probes {@code probes.names} lists, in that order. */
  public static List<Probe> create(ExperimentConfig config) {
    return config.probes().names().stream().map(n -> create(n, config)).toList();
  }

  public static Probe create(String name, ExperimentConfig config) {
    var p = config.probes();
    return switch (name) {
      case "weight_norm" -> new WeightNormProbe();
      case "attention_sparsity" -> new AttentionSparsityProbe();
      case "tree_projection" -> new TreeProjectionProbe(p.treeSentences(), p.treeMaxWords());
      case "entropic" -> entropic(config);
      case "norm_balance" -> new NormBalanceProbe(config.model().homogeneous());
      case "nodes" -> new NodeProbe(new NodeProbe.Settings(p.site(), p.readout(), p.minRecall(), p.meanSilencing(), p.nodesLimit()));
      default -> throw new IllegalArgumentException("unknown probe '" + name + "'");
    };
  }

  public static EntropicProbe entropic(ExperimentConfig config) {
    var p = config.probes();
    return new EntropicProbe(new EntropicProbe.Settings(p.samples(), p.sharpnessIterations(), p.sharpnessK(), p.sharpnessTol(),
        config.model().homogeneous(), p.balanceBatch()));
  }

  /**
   * The context of a probe at {@code step} of a run of {@code config}: the learning rate the
   * schedule gives that step, the optimizer's momentum, the batch, the seed, and the initial
   * parameters (rebuilt from the seed the first time a probe asks, then kept).
   */
  public static ProbeContext context(ExperimentConfig config, long step, Supplier<Map<String, Tensor>> initial) {
    var o = config.optimizer();
    boolean sgd = o.name() == ExperimentConfig.OptimizerConfig.Kind.SGD;
    return new ProbeContext(step, Optimizers.schedule(config).lr(step), sgd, sgd ? o.momentum() : 0, sgd && o.nesterov(), o.weightDecay(),
        o.clip(), config.train().batchSize(), config.train().fullBatch(), config.seed(), initial);
  }

  /** The initial parameters of a run of {@code config}, built once on first use. */
  public static Supplier<Map<String, Tensor>> initialParameters(ExperimentConfig config) {
    return new Supplier<>() {
      private Map<String, Tensor> params;

      @Override
      public synchronized Map<String, Tensor> get() {
        if (params == null) {
          params = Workloads.create(config).model().namedParameters();
        }
        return params;
      }
    };
  }
}
