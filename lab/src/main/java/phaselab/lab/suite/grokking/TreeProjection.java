package phaselab.lab.suite.grokking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.LmTask;

/**
 * Tree projections (Murty et al., ICLR 2023; docs/research.md C.3) of a causal decoder.
 *
 * <p>For a sentence w_1..w_n (fed as [SOS] w_1..w_n) and a span (i, j), the context-free vector
 * ṽ(i, j) is the sum of the last-layer states of tokens i..j when attention at every layer is
 * restricted to [SOS] plus the span (and causal); the contextual vector v(i, j) is the same sum
 * under normal attention; score(i, j) = cos(ṽ, v). All O(n²) spans of a sentence run as one batch
 * with a per-sequence attention mask, keeping original positions. The projected tree is decoded
 * top-down: for (i, j) the split k maximising score(i, k) + score(k+1, j), recursively; SCI sums
 * the chosen splits' scores, and the tscore subtracts a random split's score at every node
 * ({@link #normalisedSci}).
 */
public final class TreeProjection {
  private TreeProjection() {}

  /** score[i][j] for 0 ≤ i ≤ j < n (word indices, 0-based). */
  public static double[][] spanScores(DecoderLM model, int[] words) {
    int n = words.length;
    int t = n + 1;
    int[] seq = new int[t];
    seq[0] = LmTask.SOS;
    System.arraycopy(words, 0, seq, 1, n);
    int c = model.config.width();
    double[][] scores = new double[n][n];
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      Tensor full = model.hidden(seq, 1, t, AttentionMask.causal(1, t), Dropout.EVAL); // (1, T, C)
      List<int[]> spans = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          spans.add(new int[] {i, j});
        }
      }
      int b = spans.size();
      int[] ids = new int[b * t];
      boolean[] allowed = new boolean[b * t * t];
      for (int s = 0; s < b; s++) {
        System.arraycopy(seq, 0, ids, s * t, t);
        int lo = spans.get(s)[0] + 1;
        int hi = spans.get(s)[1] + 1;
        for (int q = 0; q < t; q++) {
          boolean inSpan = q >= lo && q <= hi;
          for (int k = 0; k <= q; k++) {
            allowed[(s * t + q) * t + k] = !inSpan || k == 0 || k >= lo;
          }
        }
      }
      AttentionMask mask = AttentionMask.causal(b, t).withAllowed(allowed);
      Tensor restricted = model.hidden(ids, b, t, mask, Dropout.EVAL); // (B, T, C)
      for (int s = 0; s < b; s++) {
        int lo = spans.get(s)[0] + 1;
        int hi = spans.get(s)[1] + 1;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int d = 0; d < c; d++) {
          double vFree = 0;
          double vCtx = 0;
          for (int p = lo; p <= hi; p++) {
            vFree += restricted.data[(s * t + p) * c + d];
            vCtx += full.data[p * c + d];
          }
          dot += vFree * vCtx;
          na += vFree * vFree;
          nb += vCtx * vCtx;
        }
        scores[spans.get(s)[0]][spans.get(s)[1]] = dot / Math.max(1e-30, Math.sqrt(na * nb));
      }
    }
    return scores;
  }

  /**
   * A decoded binary tree: its internal nodes as {i, k, j} (span i..j split after word k), in
   * pre-order, and its SCI (the sum over nodes of score(i, k) + score(k+1, j)).
   */
  public record Projection(List<int[]> nodes, double sci) {
    /** Spans (inclusive word indices) of the internal nodes, i.e. every constituent of ≥ 2 words. */
    public Set<List<Integer>> spans() {
      Set<List<Integer>> out = new HashSet<>();
      for (int[] n : nodes) {
        out.add(List.of(n[0], n[2]));
      }
      return out;
    }
  }

  /** Top-down greedy decoding: the split maximising score(i, k) + score(k+1, j) (ties: leftmost). */
  public static Projection decode(double[][] score) {
    List<int[]> nodes = new ArrayList<>();
    double sci = split(score, 0, score.length - 1, nodes);
    return new Projection(nodes, sci);
  }

  private static double split(double[][] score, int i, int j, List<int[]> nodes) {
    if (j <= i) {
      return 0;
    }
    int best = i;
    for (int k = i + 1; k < j; k++) {
      if (score[i][k] + score[k + 1][j] > score[i][best] + score[best + 1][j]) {
        best = k;
      }
    }
    nodes.add(new int[] {i, best, j});
    return score[i][best] + score[best + 1][j] + split(score, i, best, nodes) + split(score, best + 1, j, nodes);
  }

  /**
   * The normalised SCI of a projection, the tscore of one sentence (Murty et al. 2023, their
   * tree_projection with normalize=True): at every node (i, k, j) of the projected tree, its split's
   * score minus the score of one split r drawn uniformly from i..j−1 for the same span, summed over
   * the nodes. With causal attention every span starting at the first word scores 1, so comparing
   * against a separate random tree (whose left spine collects those free spans) would be biased.
   */
  public static double normalisedSci(double[][] score, Projection p, RngStream rng) {
    double total = 0;
    for (int[] n : p.nodes()) {
      int i = n[0];
      int j = n[2];
      int r = i + rng.nextInt(j - i);
      total += score[i][n[1]] + score[n[1] + 1][j] - (score[i][r] + score[r + 1][j]);
    }
    return total;
  }

  /** Spans of length ≥ 2 of the right-branching tree over n words: (i, n−1) for i < n−1. */
  public static Set<List<Integer>> rightBranching(int n) {
    Set<List<Integer>> s = new HashSet<>();
    for (int i = 0; i + 1 < n; i++) {
      s.add(List.of(i, n - 1));
    }
    return s;
  }

  /** Counts for micro-averaged bracketing F1: {matched, predicted, gold}. */
  public static long[] bracketCounts(Set<List<Integer>> predicted, Set<List<Integer>> gold) {
    long matched = predicted.stream().filter(gold::contains).count();
    return new long[] {matched, predicted.size(), gold.size()};
  }

  /** F1 from summed {matched, predicted, gold} counts. */
  public static double f1(long[] counts) {
    if (counts[1] == 0 || counts[2] == 0) {
      return 0;
    }
    double p = (double) counts[0] / counts[1];
    double r = (double) counts[0] / counts[2];
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
