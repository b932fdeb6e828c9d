package phaselab.lab.suite.symmetry.kanter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;
import phaselab.lab.suite.symmetry.Readout;

/**
 * The Kanter recipe on planted features, where the answer is known: 256 nodes in 16 heads of 16,
 * 16 labels, each node responding to 2 labels of its own. The trained readout's single-node
 * statistics must lie outside the label-permutation and the rotation nulls; the same features
 * rotated inside each head beforehand (no preferred node basis) must not separate from the
 * rotation null. Plus the matrix rules (labels, clusters, noise) on a hand-made matrix.
 */
class KanterRecipeTest {
  private static final int D = 256;
  private static final int K = 16;
  private static final int HEAD = 16;

  @Test
  void labelsClustersAndNoiseFollowTheReleasedCodesRules() {
    // labels 0, 1, 2 on the diagonal; {0, 1} is an all-ones block, 2 is not joined to them; one stray one at (3, 0)
    double[] m = new double[4 * 4];
    for (int[] one : new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {3, 0}, {0, 2}}) {
      m[one[0] * 4 + one[1]] = 1.0;
    }
    m[3 * 4 + 3] = 0.3; // exactly the threshold: not a one (> 0.3 is)
    FieldMatrix f = FieldMatrix.of(m, 4, 4, 0.3);
    assertThat(f.diagonal()).containsExactly(0, 1, 2);
    assertThat(f.clusters()).hasSize(2);
    assertThat(f.clusters().get(0)).containsExactly(0, 1);
    assertThat(f.clusters().get(1)).containsExactly(2);
    assertThat(f.noise()).isEqualTo(7 - 4 - 1);
    // a matrix with no positive entry has no ones
    assertThat(FieldMatrix.of(new double[] {-1, -2, -3, -4}, 2, 2, 0.3).diagonal()).isEmpty();
  }

  @Test
  void plantedNodesSeparateFromBothNulls() {
    Planted p = planted(false);
    KanterAnalysis a = new KanterAnalysis(0.3, KanterAnalysis.DEFAULT_SWEEP);
    Readout w = BiasFreeReadout.fit(p.train, p.nTrain, D, p.yTrain, K, 10, new RngStream(1, "order"));
    KanterAnalysis.Result trained = a.run(p.test, w);
    assertThat(trained.accuracy()).isGreaterThan(0.5);
    for (int i = 0; i < D; i++) {
      assertThat(trained.nodeAccuracy()[i]).isLessThanOrEqualTo(1.0);
    }
    assertThat(trained.summary().get("node_accuracy")).isLessThanOrEqualTo(trained.summary().get("node_bound"));
    var perm = NullModels.ranges(NullModels.permutations(a, p.train, p.nTrain, p.yTrain, p.test, 10, 20, 7));
    var rot = NullModels.ranges(NullModels.rotations(a, p.train, p.nTrain, p.yTrain, p.test, 10, 20, 7));
    double labels = trained.summary().get("node_labels");
    assertThat(labels).isBetween(1.0, 4.0);
    assertThat(NullModels.beyondEveryNull("node_labels", labels, List.of(perm, rot)))
        .as("planted %.2f, permuted %s, rotated %s", labels, perm.get("node_labels"), rot.get("node_labels")).isTrue();
    assertThat(NullModels.beyondEveryNull("node_accuracy", trained.summary().get("node_accuracy"), List.of(perm, rot))).isTrue();
  }

  @Test
  void featuresWithoutAPreferredBasisStayInsideTheRotationNull() {
    Planted p = planted(true);
    KanterAnalysis a = new KanterAnalysis(0.3, KanterAnalysis.DEFAULT_SWEEP);
    Readout w = BiasFreeReadout.fit(p.train, p.nTrain, D, p.yTrain, K, 10, new RngStream(1, "order"));
    Map<String, Double> trained = a.run(p.test, w).summary();
    var rot = NullModels.ranges(NullModels.rotations(a, p.train, p.nTrain, p.yTrain, p.test, 10, 20, 7));
    assertThat(rot.get("node_labels").contains(trained.get("node_labels")))
        .as("trained %.2f, rotated %s", trained.get("node_labels"), rot.get("node_labels")).isTrue();
  }

  /**
   * A rotation inside each head cannot move a head's statistics (the head's total field is
   * unchanged with the readout rotated along); the across-heads blocks take the j-th node of every head.
   */
  @Test
  void headStatisticsNeedTheAcrossHeadsRotation() {
    Planted p = planted(false);
    KanterAnalysis a = new KanterAnalysis(0.3, KanterAnalysis.DEFAULT_SWEEP);
    Readout w = BiasFreeReadout.fit(p.train, p.nTrain, D, p.yTrain, K, 5, new RngStream(1, "order"));
    double heads = a.run(p.test, w).summary().get("head_labels");
    var within = NullModels.ranges(NullModels.rotations(a, p.train, p.nTrain, p.yTrain, p.test, w, p.test.heads(), 5, 3, 1));
    assertThat(within.get("head_labels").lo()).isEqualTo(heads);
    assertThat(within.get("head_labels").hi()).isEqualTo(heads);
    List<int[]> across = NullModels.acrossHeads(p.test.heads());
    assertThat(across).hasSize(HEAD);
    assertThat(across.get(1)).startsWith(1, HEAD + 1, 2 * HEAD + 1);
    assertThat(NullModels.acrossHeads(List.of(new int[] {0, 1}, new int[] {2}))).isNull();
  }

  /** The row-streaming rotation gives the bits of the textbook column-wise sum, in blocks and out of them. */
  @Test
  void rotationIsTheColumnWiseProductBitForBit() {
    RngStream r = new RngStream(8, "rotate");
    int n = 7;
    int d = 12;
    float[] h = new float[n * d];
    for (int i = 0; i < h.length; i++) {
      h[i] = (float) r.nextGaussian();
    }
    List<int[]> blocks = List.of(new int[] {0, 3, 5, 7}, new int[] {1, 2, 4, 6, 8, 9, 10, 11});
    List<double[][]> rots = List.of(NullModels.randomOrthogonal(4, r), NullModels.randomOrthogonal(8, r));
    float[] got = NullModels.rotate(h, n, d, blocks, rots);
    float[] want = h.clone();
    for (int b = 0; b < blocks.size(); b++) {
      int[] idx = blocks.get(b);
      for (int row = 0; row < n; row++) {
        for (int j = 0; j < idx.length; j++) {
          double s = 0;
          for (int i = 0; i < idx.length; i++) {
            s += h[row * d + idx[i]] * rots.get(b)[i][j];
          }
          want[row * d + idx[j]] = (float) s;
        }
      }
    }
    assertThat(got).containsExactly(want);
  }

  @Test
  void theReadoutFitIsEquivariantUnderRotation() {
    Planted p = planted(false);
    RngStream r = new RngStream(3, "rot");
    List<int[]> blocks = List.of(java.util.stream.IntStream.range(0, D).toArray());
    double[][] rot = NullModels.randomOrthogonal(D, r);
    List<double[][]> rots = new ArrayList<>();
    rots.add(rot);
    float[] rotated = NullModels.rotate(p.train, p.nTrain, D, blocks, rots);
    Readout w = BiasFreeReadout.fit(p.train, p.nTrain, D, p.yTrain, K, 2, new RngStream(1, "order"));
    Readout wr = BiasFreeReadout.fit(rotated, p.nTrain, D, p.yTrain, K, 2, new RngStream(1, "order"));
    // W' = W·R: compare one output's weights
    for (int j = 0; j < 8; j++) {
      double expected = 0;
      for (int i = 0; i < D; i++) {
        expected += w.w()[i] * rot[i][j];
      }
      assertThat(wr.w()[j]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  private record Planted(float[] train, int nTrain, int[] yTrain, KanterAnalysis.Site test) {}

  /** Node i fires (≈ 1 + noise) for labels i mod 16 and (i·7 + 3) mod 16, else noise; optionally rotated inside heads. */
  private static Planted planted(boolean rotateFirst) {
    RngStream r = new RngStream(11, "planted");
    int nTrain = 2000;
    int nTest = 1000;
    List<int[]> heads = new ArrayList<>();
    for (int h = 0; h < D / HEAD; h++) {
      heads.add(java.util.stream.IntStream.range(h * HEAD, (h + 1) * HEAD).toArray());
    }
    float[][] h = new float[2][];
    int[][] y = new int[2][];
    for (int split = 0; split < 2; split++) {
      int n = split == 0 ? nTrain : nTest;
      h[split] = new float[n * D];
      y[split] = new int[n];
      for (int row = 0; row < n; row++) {
        int label = r.nextInt(K);
        y[split][row] = label;
        for (int i = 0; i < D; i++) {
          boolean fires = i % K == label || (i * 7 + 3) % K == label;
          h[split][row * D + i] = (float) ((fires ? 1.0 : 0.0) + 0.8 * r.nextGaussian());
        }
      }
    }
    if (rotateFirst) {
      List<double[][]> rots = new ArrayList<>();
      for (int b = 0; b < heads.size(); b++) {
        rots.add(NullModels.randomOrthogonal(HEAD, r));
      }
      h[0] = NullModels.rotate(h[0], nTrain, D, heads, rots);
      h[1] = NullModels.rotate(h[1], nTest, D, heads, rots);
    }
    return new Planted(h[0], nTrain, y[0], new KanterAnalysis.Site(h[1], nTest, D, y[1], K, heads));
  }
}
