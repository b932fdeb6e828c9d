package phaselab.lab.suite.symmetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

class EnvelopeTest {
  @Test
  void upperEnvelopeOfHandMadeLines() {
    // f0 = −h, f1 = 0.1 (flat, wins near 0), f2 = h, f3 = −2 (always below f1), f4 = 0.5h − 1 (below max(f1, f2))
    double[] slope = {-1, 0, 1, 0, 0.5};
    double[] intercept = {0, 0.1, 0, -2, -1};
    assertThat(Envelope.upper(slope, intercept)).containsExactly(0, 1, 2);
    // a line through the crossing point of two others touches the envelope at one point only: not counted
    assertThat(Envelope.upper(new double[] {-1, 0, 1}, new double[] {0, 0, 0})).containsExactly(0, 2);
    // equal slopes: only the higher survives
    assertThat(Envelope.upper(new double[] {1, 1}, new double[] {0, 3})).containsExactly(1);
  }

  @Test
  void linearProgramAnswersAKnownCase() {
    // two nodes; outputs: +x, −x, +y, −y win in four cones; (x + y)/2 − 0.1 is never strictly best
    double[][] s = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {0.5, 0.5}};
    double[] a = {0, 0, 0, 0, -0.1};
    assertThat(Reachability.reachable(s, a)).containsExactly(true, true, true, true, false);
    // raising its intercept makes the diagonal output win near the origin
    assertThat(Reachability.reachable(s, new double[] {0, 0, 0, 0, 0.1})).containsExactly(true, true, true, true, true);
  }

  @Test
  void theLinearProgramAgreesWithTheEnvelopeForOneNode() {
    RngStream rng = new RngStream(7, "lines");
    for (int trial = 0; trial < 50; trial++) {
      int k = 12;
      double[] slope = new double[k];
      double[] intercept = new double[k];
      double[][] s = new double[k][1];
      for (int c = 0; c < k; c++) {
        slope[c] = rng.nextGaussian();
        intercept[c] = rng.nextGaussian();
        s[c][0] = slope[c];
      }
      boolean[] lp = Reachability.reachable(s, intercept);
      boolean[] env = new boolean[k];
      for (int c : Envelope.upper(slope, intercept)) {
        env[c] = true;
      }
      assertThat(lp).as("trial " + trial).isEqualTo(env);
    }
  }

  @Test
  void observedRangeKeepsOnlyTheLinesOnTopInsideIt() {
    // −x wins below −1, the constant 1 on (−1, 1), x above 1
    double[] slope = {-1, 0, 1};
    double[] intercept = {0, 1, 0};
    assertThat(Envelope.upperOn(slope, intercept, -0.5, 0.5)).containsExactly(1);
    assertThat(Envelope.upperOn(slope, intercept, 0, 2)).containsExactly(1, 2);
    assertThat(Envelope.upperOn(slope, intercept, -3, -2)).containsExactly(0);
    assertThat(Envelope.upperOn(slope, intercept, 5, 5)).containsExactly(2); // a node that never varies
    assertThat(Envelope.upperOn(slope, intercept, -10, 10)).containsExactly(Envelope.upper(slope, intercept));
  }

  @Test
  void observedRangeEnvelopeHoldsEveryArgmaxReachedInside() {
    RngStream rng = new RngStream(7, "test");
    for (int trial = 0; trial < 50; trial++) {
      int k = 12;
      double[] s = new double[k];
      double[] a = new double[k];
      for (int c = 0; c < k; c++) {
        s[c] = rng.nextGaussian();
        a[c] = rng.nextGaussian();
      }
      double lo = rng.nextGaussian();
      double hi = lo + Math.abs(rng.nextGaussian());
      int[] env = Envelope.upperOn(s, a, lo, hi);
      java.util.Set<Integer> seen = new java.util.TreeSet<>();
      for (int j = 0; j <= 2000; j++) {
        double x = lo + (hi - lo) * j / 2000;
        int best = 0;
        for (int c = 1; c < k; c++) {
          best = a[c] + s[c] * x > a[best] + s[best] * x ? c : best;
        }
        seen.add(best);
      }
      // every winner on a fine grid is on the restricted envelope, and the restricted envelope is
      // part of the full one
      assertThat(java.util.Arrays.stream(env).boxed().toList()).containsAll(seen);
      assertThat(java.util.Arrays.stream(Envelope.upper(s, a)).boxed().toList()).containsAll(java.util.Arrays.stream(env).boxed().toList());
    }
  }
}
