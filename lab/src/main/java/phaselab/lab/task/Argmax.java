package phaselab.lab.task;

/** Argmax of one row of logits over a set of token ids (first maximum wins ties). */
public final class Argmax {
  private Argmax() {}

  /** The id in [from, to) with the largest logit {@code logits[base + id]}. */
  public static int range(float[] logits, int base, int from, int to) {
    int best = from;
    for (int id = from + 1; id < to; id++) {
      if (logits[base + id] > logits[base + best]) {
        best = id;
      }
    }
    return best;
  }

  /** The id among {@code ids} with the largest logit {@code logits[base + id]}. */
  public static int among(float[] logits, int base, int[] ids) {
    int best = ids[0];
    for (int id : ids) {
      if (logits[base + id] > logits[base + best]) {
        best = id;
      }
    }
    return best;
  }
}
