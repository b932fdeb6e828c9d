package phaselab.lab.workload;

import java.util.List;

/** Encoder inputs padded on the right to the longest sequence, with the key-padding mask. */
record TextBatch(int size, int seq, int[] ids, boolean[] keyValid) {
  static TextBatch of(List<int[]> seqs) {
    int t = 1;
    for (int[] s : seqs) {
      t = Math.max(t, s.length);
    }
    int[] ids = new int[seqs.size() * t];
    boolean[] valid = new boolean[ids.length];
    for (int b = 0; b < seqs.size(); b++) {
      int[] s = seqs.get(b);
      System.arraycopy(s, 0, ids, b * t, s.length);
      for (int j = 0; j < s.length; j++) {
        valid[b * t + j] = true;
      }
    }
    return new TextBatch(seqs.size(), t, ids, valid);
  }
}
