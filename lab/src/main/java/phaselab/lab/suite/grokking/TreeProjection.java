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
 * under normal attention; score(i, j) = cos(ṽ, v). A sentence's spans run as one batch with a
 * per-sequence attention mask, keeping original positions, one sequence per span start ({@link #spanScores}). The projected tree is decoded
 * top-down: for (i, j) the split k maximising score(i, k) + score(k+1, j), recursively; SCI sums
 * the chosen splits' scores, and the tscore subtracts a random split's score at every node
 * ({@link #normalisedSci}).
 */
public final class TreeProjection {
  private TreeProjection() {}

  /**
   * score[i][j] for 0 ≤ i ≤ j < n (word indices, 0-based), with one restricted pass per span start.
   * Causal attention makes that exact: in the pass for span (i, j), a position p ≤ j of the span
   * sees [SOS] and words i..p only, whatever the span's end, so the states of span (i, j) are the
   * first j − i + 1 span states of the pass for (i, n − 1). n sequences instead of n(n + 1)/2, about
   * (n + 1)/2 times less work; {@link #spanScoresPerSpan} is the one-sequence-per-span definition,
   * kept as the reference the tests compare with.
   */
  public static double[][] spanScores(DecoderLM model, int[] words) {
    int n = words.length;
    int t = n + 1;
    int[] seq = withSos(words);
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      Tensor full = model.hidden(seq, 1, t, AttentionMask.causal(1, t), Dropout.EVAL); // (1, T, C)
      int[] starts = new int[n];
      for (int i = 0; i < n; i++) {
        starts[i] = i;
      }
      Tensor restricted = model.hidden(repeat(seq, n), n, t, restrictedMask(starts, t), Dropout.EVAL); // (n, T, C)
      double[][] scores = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          scores[i][j] = cosine(restricted, i, full, i + 1, j + 1, t, model.config.width());
        }
      }
      return scores;
    }
  }

  /** The same scores by definition: one restricted sequence per span (n(n + 1)/2 of them). */
  static double[][] spanScoresPerSpan(DecoderLM model, int[] words) {
    int n = words.length;
    int t = n + 1;
    int[] seq = withSos(words);
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      Tensor full = model.hidden(seq, 1, t, AttentionMask.causal(1, t), Dropout.EVAL);
      List<int[]> spans = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          spans.add(new int[] {i, j});
        }
      }
      int b = spans.size();
      int[] starts = new int[b];
      int[] ends = new int[b];
      for (int s = 0; s < b; s++) {
        starts[s] = spans.get(s)[0];
        ends[s] = spans.get(s)[1];
      }
      boolean[] allowed = new boolean[b * t * t];
      for (int s = 0; s < b; s++) { // positions after the span's end see everything, as in the paper's construction
        int lo = starts[s] + 1;
        int hi = ends[s] + 1;
        for (int q = 0; q < t; q++) {
          boolean inSpan = q >= lo && q <= hi;
          for (int k = 0; k <= q; k++) {
            allowed[(s * t + q) * t + k] = !inSpan || k == 0 || k >= lo;
          }
        }
      }
      Tensor restricted = model.hidden(repeat(seq, b), b, t, AttentionMask.causal(b, t).withAllowed(allowed), Dropout.EVAL);
      double[][] scores = new double[n][n];
      for (int s = 0; s < b; s++) {
        scores[starts[s]][ends[s]] = cosine(restricted, s, full, starts[s] + 1, ends[s] + 1, t, model.config.width());
      }
      return scores;
    }
  }

  private static int[] withSos(int[] words) {
    int[] seq = new int[words.length + 1];
    seq[0] = LmTask.SOS;
    System.arraycopy(words, 0, seq, 1, words.length);
    return seq;
  }

  private static int[] repeat(int[] seq, int times) {
    int[] ids = new int[times * seq.length];
    for (int s = 0; s < times; s++) {
      System.arraycopy(seq, 0, ids, s * seq.length, seq.length);
    }
    return ids;
  }

  /** Sequence s restricted from word starts[s] on: a position at or after it sees [SOS] and the words from there. */
  private static AttentionMask restrictedMask(int[] starts, int t) {
    int b = starts.length;
    boolean[] allowed = new boolean[b * t * t];
    for (int s = 0; s < b; s++) {
      int lo = starts[s] + 1;
      for (int q = 0; q < t; q++) {
        for (int k = 0; k <= q; k++) {
          allowed[(s * t + q) * t + k] = q < lo || k == 0 || k >= lo;
        }
      }
    }
    return AttentionMask.causal(b, t).withAllowed(allowed);
  }

  /** cos(Σ_{p=lo..hi} restricted[s, p], Σ_{p=lo..hi} full[0, p]), sums and products in double. */
  private static double cosine(Tensor restricted, int s, Tensor full, int lo, int hi, int t, int c) {
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
    return dot / Math.max(1e-30, Math.sqrt(na * nb));
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
