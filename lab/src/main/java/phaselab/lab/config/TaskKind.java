package phaselab.lab.config;

import java.util.List;

/**
 * One entry per task (config key {@code task.name}): the model kind that learns it, the two
 * metrics a run of it is summarised by (the generalisation one first), and the probes it runs when
 * the config names none. The workload each task builds is chosen in
 * {@code phaselab.lab.experiment.Workloads} by a switch over the {@link TaskConfig} variants, which
 * the compiler checks is exhaustive.
 */
public enum TaskKind {
  DYCK(ModelKind.DECODER, "eval/ood/closing_acc", "eval/id/closing_acc"),
  QUESTION(ModelKind.DECODER, "eval/ood/first_word_acc", "eval/id/first_word_acc"),
  TENSE(ModelKind.DECODER, "eval/ood/sequence_acc", "eval/id/sequence_acc"),
  FASHION_MNIST(ModelKind.MLP, "eval/test/accuracy", "eval/train/accuracy"),
  TEACHER(ModelKind.MLP, "eval/test/loss", "eval/train/loss"),
  MLM(ModelKind.ENCODER, "eval/heldout/mlm_accuracy", "eval/heldout/loss"),
  RELATION(ModelKind.ENCODER, "eval/test/accuracy", "eval/train/accuracy");

  private final ModelKind model;
  private final String mainMetric;
  private final String otherMetric;

  TaskKind(ModelKind model, String mainMetric, String otherMetric) {
    this.model = model;
    this.mainMetric = mainMetric;
    this.otherMetric = otherMetric;
  }

  /** The name in configs ({@code task.name}). */
  public String configName() {
    return ConfigNode.spelling(this);
  }

  /** The kind of model that learns this task by default. */
  public ModelKind model() {
    return model;
  }

  /** Whether {@code kind} can learn this task: its own kind, or a CNN for the image task. */
  public boolean accepts(ModelKind kind) {
    return kind == model || (this == FASHION_MNIST && kind == ModelKind.CNN);
  }

  /** The headline metric of a run (metrics.jsonl name), the generalisation one. */
  public String mainMetric() {
    return mainMetric;
  }

  /** The headline metric's name within an evaluation set (closing_acc of eval/ood/closing_acc). */
  public String headline() {
    return mainMetric.substring(mainMetric.lastIndexOf('/') + 1);
  }

  /** The metric shown beside it (in-distribution accuracy, or the training loss). */
  public String otherMetric() {
    return otherMetric;
  }

  /** The probes a run measures when probes.names is not given. */
  public List<String> defaultProbes() {
    return switch (model) {
      case MLP -> List.of("weight_norm", "entropic");
      case CNN -> List.of("weight_norm");
      case ENCODER -> List.of("weight_norm");
      case DECODER -> List.of("weight_norm", "attention_sparsity");
    };
  }
}
