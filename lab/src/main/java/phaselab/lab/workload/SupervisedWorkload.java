package phaselab.lab.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.model.VectorNet;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Argmax;
import phaselab.lab.task.Batch;
import phaselab.lab.task.supervised.Examples;

/**
 * An MLP (or deep linear net) on supervised examples: cross-entropy for class labels, mean
 * squared error (PyTorch's MSELoss, mean over examples and outputs) for regression targets.
 */
public record SupervisedWorkload(String taskName, VectorNet model, Examples train, Examples test) implements Workload {
  private static final int EVAL_BATCH = 1024;

  @Override
  public int trainSize() {
    return train.n();
  }

  @Override
  public Tensor loss(int[] examples, Dropout dropout) {
    return loss(train, examples);
  }

  /** Mean loss of the model on the given rows of {@code data}. */
  public Tensor loss(Examples data, int[] rows) {
    Tensor out = model.forward(data.inputs(rows));
    if (data.classification()) {
      int[] y = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = data.labels()[rows[i]];
      }
      return Losses.crossEntropy(out, y, Batch.IGNORE, 0f);
    }
    float[] t = new float[rows.length * data.outputDim()];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(data.targets(), rows[i] * data.outputDim(), t, i * data.outputDim(), data.outputDim());
    }
    return Losses.mse(out, Tensor.of("y", t, rows.length, data.outputDim()));
  }

  @Override
  public Map<String, Map<String, Double>> evaluate(int limit) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    all.put("train", evaluate(train, Math.min(limit, train.n())));
    all.put("test", evaluate(test, Math.min(limit, test.n())));
    return all;
  }

  private Map<String, Double> evaluate(Examples data, int n) {
    double lossSum = 0;
    long correct = 0;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      for (int from = 0; from < n; from += EVAL_BATCH) {
        int[] rows = IntStream.range(from, Math.min(n, from + EVAL_BATCH)).toArray();
        lossSum += (double) loss(data, rows).item() * rows.length;
        if (data.classification()) {
          Tensor logits = model.forward(data.inputs(rows));
          int classes = data.outputDim();
          for (int i = 0; i < rows.length; i++) {
            correct += Argmax.range(logits.data, i * classes, 0, classes) == data.labels()[rows[i]] ? 1 : 0;
          }
        }
      }
    }
    return Evaluator.summary(data.classification() ? correct : -1, lossSum, n);
  }

  @Override
  public String headlineMetric() {
    return train.classification() ? "accuracy" : "loss";
  }

  @Override
  public String describe() {
    return model.describe() + " on " + taskName + " (" + train.n() + " training examples)";
  }
}
