package phaselab.lab.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.Dropout;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Argmax;
import phaselab.lab.task.Batch;
import phaselab.lab.task.text.MlmData;

/**
 * BERT masked-language-model pre-training (docs/research.md A.1 step 1). Training masks are drawn from
 * the run's own masking stream (checkpointed, so a resumed run masks the same tokens; apart from
 * dropout's, so changing the dropout rate does not change which tokens are masked); evaluation and
 * probe masks are a fixed function of the seed and the sequence index.
 */
public record MlmWorkload(BertEncoder model, MlmData data, double maskProb, long seed) implements Workload {
  private static final int EVAL_BATCH = 32;

  @Override
  public int trainSize() {
    return data.train().size();
  }

  @Override
  public Tensor loss(int[] examples, Dropout dropout) {
    return loss(examples, dropout, null);
  }

  /** {@code masking} null: the fixed probe masks of each sequence (a function of the seed and the index). */
  @Override
  public Tensor loss(int[] examples, Dropout dropout, RngStream masking) {
    List<MlmData.Masked> masked = new ArrayList<>();
    for (int i : examples) {
      RngStream rng = masking != null ? masking : new RngStream(seed, "mlm-probe").derive(Integer.toString(i));
      masked.add(data.mask(data.train().get(i), maskProb, rng));
    }
    return forward(masked, dropout)[0];
  }

  /**
   * [loss, logits, targets] of masked sequences; targets are gathered in flat (b·T + t) order. The
   * node probe reads its activations through this same pass, so its rows are the model's own.
   */
  public Tensor[] forward(List<MlmData.Masked> masked, Dropout dropout) {
    List<int[]> inputs = masked.stream().map(MlmData.Masked::input).toList();
    TextBatch b = TextBatch.of(inputs);
    List<Integer> positions = new ArrayList<>();
    List<Integer> targets = new ArrayList<>();
    for (int s = 0; s < masked.size(); s++) {
      int[] tg = masked.get(s).target();
      for (int t = 0; t < tg.length; t++) {
        if (tg[t] >= 0) {
          positions.add(s * b.seq() + t);
          targets.add(tg[t]);
        }
      }
    }
    if (positions.isEmpty()) { // no token drawn (tiny batches): predict the first real token
      positions.add(1);
      targets.add(masked.get(0).input()[1]);
    }
    Tensor hidden = model.encode(b.ids(), null, b.keyValid(), b.size(), b.seq(), dropout);
    Tensor logits = model.mlmLogits(hidden, positions.stream().mapToInt(Integer::intValue).toArray());
    int[] y = targets.stream().mapToInt(Integer::intValue).toArray();
    return new Tensor[] {Losses.crossEntropy(logits, y, Batch.IGNORE, 0f), logits, Tensor.of("y", toFloat(y), y.length)};
  }

  /** The held-out sequences with their fixed evaluation masks. */
  public List<MlmData.Masked> heldOut(int limit) {
    List<MlmData.Masked> out = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, data.heldOut().size()); i++) {
      out.add(data.mask(data.heldOut().get(i), maskProb, new RngStream(seed, "mlm-eval").derive(Integer.toString(i))));
    }
    return out;
  }

  @Override
  public Map<String, Map<String, Double>> evaluate(int limit) {
    List<MlmData.Masked> held = heldOut(limit);
    double lossSum = 0;
    long n = 0;
    long correct = 0;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      for (int i = 0; i < held.size(); i += EVAL_BATCH) {
        Tensor[] r = forward(held.subList(i, Math.min(held.size(), i + EVAL_BATCH)), Dropout.EVAL);
        int rows = r[2].size();
        lossSum += (double) r[0].item() * rows;
        n += rows;
        int v = r[1].dim(1);
        for (int k = 0; k < rows; k++) {
          correct += Argmax.range(r[1].data, k * v, 0, v) == (int) r[2].data[k] ? 1 : 0;
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mlm_accuracy", n == 0 ? Double.NaN : (double) correct / n);
    m.put("loss", n == 0 ? Double.NaN : lossSum / n);
    m.put("n", (double) held.size());
    return Map.of("heldout", m);
  }

  @Override
  public String headlineMetric() {
    return "mlm_accuracy";
  }

  @Override
  public String describe() {
    return "a " + model.config.layers() + "-layer BERT encoder by masked LM (" + data.train().size() + " training sequences of "
        + data.train().get(0).length + " tokens)";
  }

  private static float[] toFloat(int[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = a[i];
    }
    return f;
  }
}
