package phaselab.lab.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.ActivationCache;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ModelKind;
import phaselab.lab.task.Batch;
import phaselab.lab.task.LmTask;

/**
 * Attention sparsity (docs/research.md C.3; Murty et al. 2023): the negative mean entropy
 * −H = Σ_j p_j log p_j of the attention distributions, per layer and head and overall, measured
 * on each layer's real inputs (a forward pass over the first 64 sequences of the first eval set,
 * patterns read at the {@code blocks.L.attn.pattern} hooks). The headline {@code attn_sparsity}
 * averages over the input positions only ({@link LmTask#inputPositions}: [SOS] and the
 * declarative, what the reference feeds the model; causal attention makes them independent of
 * what follows); {@code attn_sparsity_full_line} averages over every real query position of the
 * line, outputs included. Higher (closer to 0) is sparser; uniform over n keys gives −log n.
 *
 * <p>{@code attn_entropy_reference} is the quantity of Murty et al.'s code
 * (get_attention_sparsity): at each input position, the entropy of the attention averaged over
 * heads, summed over the sentence's positions, averaged over layers; here also averaged over a
 * seeded sample of 64 training lines ({@link ProbeSample}; the reference sums over its batch). The
 * reference feeds the embedded input to every layer's attention (attn_matrices passes {@code
 * data} unchanged through the loop), a bug; this reads each layer's real input. Lower is sparser.
 */
public final class AttentionSparsityProbe implements LmProbe {
  /** Per layer and head, per layer, the mean, and the reference's entropy quantity. */
  public static final ProbeSpec SPEC = new ProbeSpec("attention_sparsity", Set.of(ModelKind.DECODER),
      "measures transformer language models", null, List.of("attn_sparsity", "attn_entropy_reference"),
      AttentionSparsityProbe::chart, config -> new AttentionSparsityProbe());

  /** Each layer's heads in one chart; the layer means, the overall mean and the reference entropy in their own. */
  static String chart(String metric) {
    String[] parts = metric.split("/");
    if (metric.startsWith("probe/attn_sparsity/layer") && metric.contains("/head")) {
      return "Attention sparsity per head, " + parts[2];
    }
    return metric.startsWith("probe/attn_sparsity") ? "Attention sparsity" : ProbeSpec.ownChart(metric);
  }

  @Override
  public String name() {
    return "attention_sparsity";
  }

  @Override
  public Map<String, Double> measure(DecoderLM model, LmTask task) {
    List<int[]> first = task.evalSets().values().iterator().next();
    Batch b = Batch.of(first.subList(0, Math.min(64, first.size())));
    int layers = model.config.layers();
    int heads = model.config.heads();
    Map<String, Double> out = new LinkedHashMap<>();
    try (Hooks hooks = model.hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
      ActivationCache cache = hooks.cache(n -> n.endsWith(".attn.pattern"));
      model.forward(b.inputs(), b.size(), b.seq(), Dropout.EVAL);
      double total = 0;
      double totalLine = 0;
      for (int l = 0; l < layers; l++) {
        Tensor p = cache.get("blocks." + l + ".attn.pattern"); // (B, NH, T, T)
        double layerSum = 0;
        for (int h = 0; h < heads; h++) {
          double s = negativeMeanEntropy(p, b, h, heads, task::inputPositions);
          out.put("attn_sparsity/layer" + l + "/head" + h, s);
          layerSum += s;
          totalLine += negativeMeanEntropy(p, b, h, heads, seq -> seq.length - 1);
        }
        out.put("attn_sparsity/layer" + l, layerSum / heads);
        total += layerSum / heads;
      }
      out.put("attn_sparsity", layers == 0 ? 0 : total / layers);
      out.put("attn_sparsity_full_line", layers == 0 ? 0 : totalLine / (layers * heads));
    }
    out.put("attn_entropy_reference", referenceEntropy(model, task));
    return out;
  }

  /** Murty et al.'s attention entropy on real layer inputs (see the class comment). */
  static double referenceEntropy(DecoderLM model, LmTask task) {
    List<int[]> train = task.train();
    List<int[]> lines = ProbeSample.indices(train.size(), 64, i -> true, "attention_sparsity").stream().map(train::get).toList();
    int layers = model.config.layers();
    if (lines.isEmpty() || layers == 0) {
      return 0;
    }
    Batch b = Batch.of(lines);
    int heads = model.config.heads();
    int t = b.seq();
    double total = 0;
    try (Hooks hooks = model.hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
      ActivationCache cache = hooks.cache(n -> n.endsWith(".attn.pattern"));
      model.forward(b.inputs(), b.size(), b.seq(), Dropout.EVAL);
      double[] row = new double[t];
      for (int l = 0; l < layers; l++) {
        Tensor p = cache.get("blocks." + l + ".attn.pattern"); // (B, NH, T, T)
        for (int bi = 0; bi < b.size(); bi++) {
          int len = task.inputPositions(b.sequences().get(bi));
          for (int i = 0; i < len; i++) {
            java.util.Arrays.fill(row, 0);
            for (int h = 0; h < heads; h++) {
              int off = ((bi * heads + h) * t + i) * t;
              for (int j = 0; j <= i; j++) {
                row[j] += p.data[off + j] / heads;
              }
            }
            for (int j = 0; j <= i; j++) {
              if (row[j] > 0) {
                total -= row[j] * Math.log(row[j]);
              }
            }
          }
        }
      }
    }
    return total / (layers * (double) b.size());
  }


  /** Mean over the first {@code positions(seq)} query positions of Σ_j p log p for head h. */
  static double negativeMeanEntropy(Tensor pattern, Batch b, int h, int heads, java.util.function.ToIntFunction<int[]> positions) {
    int t = b.seq();
    double sum = 0;
    long count = 0;
    for (int bi = 0; bi < b.size(); bi++) {
      int len = positions.applyAsInt(b.sequences().get(bi));
      for (int i = 0; i < len; i++) {
        int off = ((bi * heads + h) * t + i) * t;
        double e = 0;
        for (int j = 0; j < t; j++) {
          double p = pattern.data[off + j];
          if (p > 0) {
            e += p * Math.log(p);
          }
        }
        sum += e;
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }
}
