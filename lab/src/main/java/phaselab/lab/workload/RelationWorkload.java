package phaselab.lab.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Argmax;
import phaselab.lab.task.Batch;
import phaselab.lab.task.text.RelationData;
import phaselab.lab.task.text.RelationEncoding;

/**
 * Fine-tuning a BERT encoder on relation classification (docs/research.md A.2).
 *
 * @param origin where the body came from when it was imported (source, checksums), for the run's log; empty otherwise
 */
public record RelationWorkload(BertEncoder model, RelationData data, RelationEncoding train, RelationEncoding test, String origin)
    implements Workload {
  private static final int EVAL_BATCH = 64;

  @Override
  public int trainSize() {
    return train.ids().size();
  }

  @Override
  public Tensor loss(int[] examples, Dropout dropout) {
    int[] y = new int[examples.length];
    for (int i = 0; i < examples.length; i++) {
      y[i] = train.labels()[examples[i]];
    }
    return Losses.crossEntropy(logits(train, examples, dropout), y, Batch.IGNORE, 0f);
  }

  /** Class logits (n, labels) of the given examples of an encoded set. */
  public Tensor logits(RelationEncoding set, int[] examples, Dropout dropout) {
    List<int[]> seqs = new ArrayList<>(examples.length);
    int k = model.classPositions;
    int[] pos = new int[examples.length * k];
    for (int i = 0; i < examples.length; i++) {
      seqs.add(set.ids().get(examples[i]));
      System.arraycopy(set.positions().get(examples[i]), 0, pos, i * k, k);
    }
    TextBatch b = TextBatch.of(seqs);
    Tensor hidden = model.encode(b.ids(), null, b.keyValid(), b.size(), b.seq(), dropout);
    return model.classify(hidden, pos);
  }

  @Override
  public Map<String, Map<String, Double>> evaluate(int limit) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    all.put("test", evaluate(test, Math.min(limit, test.ids().size())));
    all.put("train", evaluate(train, Math.min(limit, train.ids().size())));
    return all;
  }

  private Map<String, Double> evaluate(RelationEncoding set, int n) {
    double lossSum = 0;
    long correct = 0;
    int labels = data.labels().size();
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      for (int from = 0; from < n; from += EVAL_BATCH) {
        int[] rows = java.util.stream.IntStream.range(from, Math.min(n, from + EVAL_BATCH)).toArray();
        Tensor logits = logits(set, rows, Dropout.EVAL);
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
          y[i] = set.labels()[rows[i]];
          correct += Argmax.range(logits.data, i * labels, 0, labels) == y[i] ? 1 : 0;
        }
        lossSum += (double) Losses.crossEntropy(logits, y, Batch.IGNORE, 0f).item() * rows.length;
      }
    }
    return Evaluator.summary(correct, lossSum, n);
  }

  @Override
  public String headlineMetric() {
    return "accuracy";
  }

  @Override
  public String describe() {
    return "a " + model.config.layers() + "-layer BERT encoder on " + data.name() + " (" + data.labels().size() + " labels, "
        + train.ids().size() + " training sentences; split: " + data.splitRule() + ")" + origin;
  }
}
