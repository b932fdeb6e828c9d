package phaselab.lab.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import phaselab.engine.rng.RngStream;

/**
 * The training lines a probe reads: a seeded uniform sample without replacement, not the first
 * lines (a training file's order can drift, e.g. de-duplication depletes short sentences as it
 * fills). The stream is fixed, so every measurement of a run reads the same lines.
 */
public final class ProbeSample {
  private ProbeSample() {}

  /** Up to {@code k} indices in [0, n) that satisfy {@code eligible}, in sampled order. */
  public static List<Integer> indices(int n, int k, IntPredicate eligible, String purpose) {
    List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (eligible.test(i)) {
        pool.add(i);
      }
    }
    RngStream r = new RngStream(0, "probe-sample/" + purpose);
    int take = Math.min(k, pool.size());
    for (int i = 0; i < take; i++) {
      int j = i + r.nextInt(pool.size() - i);
      Integer t = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, t);
    }
    return List.copyOf(pool.subList(0, take));
  }
}
