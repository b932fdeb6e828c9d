package phaselab.lab.task;

import java.util.List;

/**
 * Sequences padded on the right to a common length T: inputs are tokens 0..n−2, targets tokens
 * 1..n−1 (next-token prediction); padding has target {@link #IGNORE}. With a causal mask, right
 * padding never influences real positions, so no key-padding mask is needed.
 */
public record Batch(List<int[]> sequences, int size, int seq, int[] inputs, int[] targets) {
  public static final int IGNORE = -1;

  public static Batch of(List<int[]> sequences) {
    int t = 1;
    for (int[] s : sequences) {
      t = Math.max(t, s.length - 1);
    }
    int b = sequences.size();
    int[] in = new int[b * t];
    int[] tg = new int[b * t];
    java.util.Arrays.fill(in, LmTask.PAD);
    java.util.Arrays.fill(tg, IGNORE);
    for (int i = 0; i < b; i++) {
      int[] s = sequences.get(i);
      for (int j = 0; j + 1 < s.length; j++) {
        in[i * t + j] = s[j];
        tg[i * t + j] = s[j + 1];
      }
    }
    return new Batch(sequences, b, t, in, tg);
  }
}
