package phaselab.lab.task;

import java.util.List;
import java.util.Map;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.tensor.Tensor;

/**
 * A language-modelling task: a vocabulary, token sequences for training, named evaluation sets,
 * and the task metric computed from the model's logits.
 */
public interface LmTask {
  /** Token id of padding (ignored by the loss). */
  int PAD = 0;
  /** Token id of start-of-sequence. */
  int SOS = 1;
  /** Token id of end-of-sequence. */
  int EOS = 2;

  String name();

  int vocabSize();

  /** Training sequences, each starting with SOS and ending with EOS. */
  List<int[]> train();

  /** Evaluation sets by name (e.g. "id", "ood"), same form as train. */
  Map<String, List<int[]>> evalSets();

  /**
   * Scores one batch: {@code logits} (B, T, V) of the model on {@code batch} (padded to T); adds
   * per-metric counts (correct, total) into {@code counts}, keyed by metric name.
   */
  void score(List<int[]> batch, Tensor logits, Map<String, long[]> counts);

  /**
   * Scores one batch with metrics that need the model itself (e.g. greedy decoding); adds
   * (correct, total) counts like {@link #score}. Default: none.
   */
  default void scoreGenerative(DecoderLM model, List<int[]> batch, Map<String, long[]> counts) {}

  /**
   * How many leading positions of a sequence are its input (the positions attention sparsity is
   * averaged over, as Murty et al. feed only the input): for the grammar tasks [SOS] and the
   * declarative, for Dyck [SOS] and the whole string. Default: every position but the last.
   */
  default int inputPositions(int[] seq) {
    return seq.length - 1;
  }

  /**
   * Position of the first output token of a sequence, the one a model is asked to produce first
   * (activation patching reads the logits just before it): for the grammar tasks the word after the
   * task marker; by default the last token.
   */
  default int firstOutputPosition(int[] seq) {
    return seq.length - 1;
  }

  /** The metric that a run reports as its headline accuracy for an eval set. */
  String headlineMetric();

  /** Parses one line of this task's text format into a sequence (SOS … EOS). */
  int[] parseLine(String line);

  /** Formats a sequence (SOS … EOS) as one line of this task's text format. */
  String formatLine(int[] seq);
}
