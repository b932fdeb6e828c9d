package phaselab.lab.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Batch;
import phaselab.lab.task.LmTask;

/** Task metrics and mean loss of a model on a list of sequences (no gradients, no dropout). */
public final class Evaluator {
  private static final int BATCH = 64;

  private Evaluator() {}

  /** Metric name → value, plus "loss" (mean next-token cross-entropy) and "n" (sequences). */
  public static Map<String, Double> evaluate(DecoderLM model, LmTask task, List<int[]> data) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    double lossSum = 0;
    long lossCount = 0;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      for (int i = 0; i < data.size(); i += BATCH) {
        Batch b = Batch.of(data.subList(i, Math.min(data.size(), i + BATCH)));
        Tensor logits = model.forward(b.inputs(), b.size(), b.seq(), Dropout.EVAL);
        task.score(b.sequences(), logits, counts);
        task.scoreGenerative(model, b.sequences(), counts);
        int valid = 0;
        for (int t : b.targets()) {
          valid += t == Batch.IGNORE ? 0 : 1;
        }
        Tensor loss = Losses.crossEntropy(Pointwise.reshape(logits, b.size() * b.seq(), task.vocabSize()), b.targets(), Batch.IGNORE, 0f);
        lossSum += (double) loss.item() * valid;
        lossCount += valid;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((k, c) -> out.put(k, c[1] == 0 ? Double.NaN : (double) c[0] / c[1]));
    out.put("loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
    out.put("n", (double) data.size());
    return out;
  }

  /**
   * The metrics map of a classification or regression evaluation over n rows: "accuracy" (when
   * {@code correct} ≥ 0), mean "loss" and "n".
   */
  static Map<String, Double> summary(long correct, double lossSum, long n) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (correct >= 0) {
      m.put("accuracy", n == 0 ? Double.NaN : (double) correct / n);
    }
    m.put("loss", n == 0 ? Double.NaN : lossSum / n);
    m.put("n", (double) n);
    return m;
  }
}
