package phaselab.lab.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Batch;
import phaselab.lab.task.LmTask;

/** A causal decoder trained by next-token prediction on a sequence task (Dyck, grammars). */
public record LmWorkload(DecoderLM model, LmTask task) implements Workload {

  /** The LM workload behind {@code w}, or a clear error naming the probe that needs one. */
  public static LmWorkload require(Workload w, String probe) {
    if (w instanceof LmWorkload lm) {
      return lm;
    }
    throw new IllegalArgumentException("probe '" + probe + "' measures a transformer language model; this run trains "
        + w.describe() + ". Remove it from probes.names.");
  }

  @Override
  public int trainSize() {
    return task.train().size();
  }

  @Override
  public Tensor loss(int[] examples, Dropout dropout) {
    List<int[]> seqs = new ArrayList<>(examples.length);
    for (int i : examples) {
      seqs.add(task.train().get(i));
    }
    Batch b = Batch.of(seqs);
    Tensor logits = model.forward(b.inputs(), b.size(), b.seq(), dropout);
    return Losses.crossEntropy(Pointwise.reshape(logits, b.size() * b.seq(), task.vocabSize()), b.targets(), Batch.IGNORE, 0f);
  }

  @Override
  public Map<String, Map<String, Double>> evaluate(int limit) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    task.evalSets().forEach((name, data) -> all.put(name, Evaluator.evaluate(model, task, data.subList(0, Math.min(data.size(), limit)))));
    return all;
  }

  @Override
  public String headlineMetric() {
    return task.headlineMetric();
  }

  @Override
  public String describe() {
    return "a " + model.config.layers() + "-layer decoder on " + task.name() + " (" + task.train().size() + " training sequences)";
  }
}
