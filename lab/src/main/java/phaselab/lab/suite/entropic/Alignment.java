package phaselab.lab.suite.entropic;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Representation alignment between two networks on the same n inputs (rows), each a (n × p)
 * matrix of one layer's activations.
 *
 * <p>Linear CKA (Kornblith et al. 2019): with centred Gram matrices K = X̃X̃ᵀ, L = ỸỸᵀ,
 * CKA = ⟨K, L⟩_F / (‖K‖_F ‖L‖_F); invariant to orthogonal transforms and isotropic scaling of
 * either representation, 1 for identical ones.
 *
 * <p>Mutual k-NN (Huh et al. 2024, "The Platonic Representation Hypothesis"): for each input the
 * k nearest other inputs by cosine similarity in each representation; the score is the mean
 * fraction of shared neighbours, 1 for identical representations and about k/(n−1) for
 * unrelated ones. Ties break by index, so the score is deterministic.
 *
 * <p>Two more, as the references compute them. <b>Debiased CKA</b> (Song et al. 2012's unbiased
 * HSIC, as in Kornblith et al.'s and Huh et al.'s code): HSIC_u(K, L) = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1 /
 * ((n−1)(n−2)) − 2·1ᵀK̃L̃1 / (n−2)] / (n(n−3)) with K̃, L̃ the linear Gram matrices with their
 * diagonals zeroed; CKA_u = HSIC_u(K, L) / √(HSIC_u(K, K)·HSIC_u(L, L)). Biased CKA of two
 * independent representations is well above 0 at small n (its bias is of order p/n); the
 * debiased one is centred on 0. <b>Mutual k-NN as Huh et al. 2024 measure it</b>
 * (minyoungg/platonic-rep, measure_alignment.py and metrics.py): each representation clamped to
 * ±its 95th percentile of |x| (over the whole matrix), rows L2-normalised, neighbours by inner
 * product with the diagonal excluded, k = 10; their headline is the maximum over layer pairs.
 */
public final class Alignment {
  private Alignment() {}

  /**
   * CKA, debiased CKA, mutual k-NN (ours: raw cosine) and mutual k-NN as Huh et al. compute it,
   * between every layer of one network (rows) and every layer of another (columns).
   */
  public record Matrices(double[][] cka, double[][] debiasedCka, double[][] mutualKnn, double[][] mutualKnnReference) {
    /** Huh et al.'s headline: the best layer pair's mutual k-NN. */
    public double bestMutualKnnReference() {
      return Arrays.stream(mutualKnnReference).flatMapToDouble(Arrays::stream).max().orElse(Double.NaN);
    }
  }

  /** Every pair of layers of {@code a} and {@code b}, each taken on the same {@code samples} inputs; k neighbours for k-NN. */
  public static Matrices between(List<Representations.Layer> a, List<Representations.Layer> b, int samples, int k) {
    double[][] cka = new double[a.size()][b.size()];
    double[][] debiased = new double[a.size()][b.size()];
    double[][] knn = new double[a.size()][b.size()];
    double[][] knnRef = new double[a.size()][b.size()];
    List<double[]> gramB = b.stream().map(l -> centredGram(l.values(), samples, l.width())).toList();
    List<double[]> rawB = b.stream().map(l -> gram(l.values(), samples, l.width())).toList();
    List<int[][]> nnB = b.stream().map(l -> neighbours(l.values(), samples, l.width(), k)).toList();
    List<int[][]> refB = b.stream().map(l -> neighbours(huhPrepared(l.values(), samples, l.width()), samples, l.width(), k)).toList();
    for (int i = 0; i < a.size(); i++) {
      var x = a.get(i);
      double[] centred = centredGram(x.values(), samples, x.width());
      double[] raw = gram(x.values(), samples, x.width());
      int[][] nn = neighbours(x.values(), samples, x.width(), k);
      int[][] ref = neighbours(huhPrepared(x.values(), samples, x.width()), samples, x.width(), k);
      for (int j = 0; j < b.size(); j++) {
        cka[i][j] = cka(centred, gramB.get(j));
        debiased[i][j] = debiasedCka(raw, rawB.get(j), samples);
        knn[i][j] = mutualKnn(nn, nnB.get(j));
        knnRef[i][j] = mutualKnn(ref, refB.get(j));
      }
    }
    return new Matrices(cka, debiased, knn, knnRef);
  }

  /** The linear Gram matrix XXᵀ (n × n), uncentred. */
  static double[] gram(float[] x, int n, int p) {
    double[] k = new double[n * n];
    IntStream.range(0, n).parallel().forEach(i -> {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int d = 0; d < p; d++) {
          s += (double) x[i * p + d] * x[j * p + d];
        }
        k[i * n + j] = s;
        k[j * n + i] = s;
      }
    });
    return k;
  }

  /** Song et al.'s unbiased HSIC of two n × n Gram matrices (diagonals ignored). */
  static double hsicUnbiased(double[] k, double[] l, int n) {
    if (n < 4) {
      throw new IllegalArgumentException("debiased CKA needs at least 4 inputs, got " + n);
    }
    double trace = 0;
    double sumK = 0;
    double sumL = 0;
    double cross = 0; // 1ᵀ K̃ L̃ 1 = Σ_j (Σ_i K̃_ij)(Σ_m L̃_jm)
    double[] colK = new double[n];
    double[] rowL = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double kij = k[i * n + j];
        double lij = l[i * n + j];
        trace += kij * lij; // K̃ and L̃ are symmetric: tr(K̃L̃) = Σ K̃_ij L̃_ij
        sumK += kij;
        sumL += lij;
        colK[j] += kij;
        rowL[i] += lij;
      }
    }
    for (int j = 0; j < n; j++) {
      cross += colK[j] * rowL[j];
    }
    return (trace + sumK * sumL / ((n - 1.0) * (n - 2.0)) - 2 * cross / (n - 2.0)) / (n * (n - 3.0));
  }

  /** Debiased linear CKA from uncentred Gram matrices. */
  public static double debiasedCka(double[] k, double[] l, int n) {
    double kk = hsicUnbiased(k, k, n);
    double ll = hsicUnbiased(l, l, n);
    return kk <= 0 || ll <= 0 ? Double.NaN : hsicUnbiased(k, l, n) / Math.sqrt(kk * ll);
  }

  /** Debiased linear CKA of two (n × p), (n × q) representations. */
  public static double debiasedCka(float[] x, int p, float[] y, int q, int n) {
    return debiasedCka(gram(x, n, p), gram(y, n, q), n);
  }

  /** Huh et al.'s preparation: clamp to ±the 95th percentile of |x| over the whole matrix, then L2-normalise rows. */
  static float[] huhPrepared(float[] x, int n, int p) {
    double[] abs = new double[n * p];
    for (int i = 0; i < abs.length; i++) {
      abs[i] = Math.abs(x[i]);
    }
    Arrays.sort(abs);
    double q = abs[Math.min(abs.length - 1, (int) (0.95 * abs.length))];
    float[] out = new float[n * p];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int d = 0; d < p; d++) {
        double v = Math.max(-q, Math.min(q, x[i * p + d]));
        out[i * p + d] = (float) v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < p && norm > 0; d++) {
        out[i * p + d] /= (float) norm;
      }
    }
    return out;
  }

  /** Mutual k-NN of two representations as Huh et al. compute it (k = 10 in their headline). */
  public static double mutualKnnReference(float[] x, int p, float[] y, int q, int n, int k) {
    return mutualKnn(neighbours(huhPrepared(x, n, p), n, p, k), neighbours(huhPrepared(y, n, q), n, q, k));
  }

  /** The centred Gram matrix (n × n) of an (n × p) representation given row-major. */
  public static double[] centredGram(float[] x, int n, int p) {
    double[] mean = new double[p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        mean[j] += x[i * p + j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= n;
    }
    double[] c = new double[n * p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        c[i * p + j] = x[i * p + j] - mean[j];
      }
    }
    double[] k = new double[n * n];
    IntStream.range(0, n).parallel().forEach(i -> {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int d = 0; d < p; d++) {
          s += c[i * p + d] * c[j * p + d];
        }
        k[i * n + j] = s;
        k[j * n + i] = s;
      }
    });
    return k;
  }

  /** Linear CKA of two representations from their centred Gram matrices. */
  public static double cka(double[] k, double[] l) {
    double kl = 0;
    double kk = 0;
    double ll = 0;
    for (int i = 0; i < k.length; i++) {
      kl += k[i] * l[i];
      kk += k[i] * k[i];
      ll += l[i] * l[i];
    }
    return kk == 0 || ll == 0 ? Double.NaN : kl / Math.sqrt(kk * ll);
  }

  /** Linear CKA of two (n × p), (n × q) representations. */
  public static double cka(float[] x, int p, float[] y, int q, int n) {
    return cka(centredGram(x, n, p), centredGram(y, n, q));
  }

  /** For each row, the indices of its k nearest other rows by cosine similarity. */
  public static int[][] neighbours(float[] x, int n, int p, int k) {
    if (k >= n) {
      throw new IllegalArgumentException("k = " + k + " needs at least k + 1 inputs, got " + n);
    }
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int d = 0; d < p; d++) {
        s += (double) x[i * p + d] * x[i * p + d];
      }
      norm[i] = Math.sqrt(s);
    }
    int[][] out = new int[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] sim = new double[n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int d = 0; d < p; d++) {
          s += (double) x[i * p + d] * x[j * p + d];
        }
        double den = norm[i] * norm[j];
        sim[j] = den == 0 ? 0 : s / den;
      }
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> sim[a] != sim[b] ? Double.compare(sim[b], sim[a]) : Integer.compare(a, b));
      int[] nn = new int[k];
      int c = 0;
      for (int j = 0; j < n && c < k; j++) {
        if (order[j] != i) {
          nn[c++] = order[j];
        }
      }
      out[i] = nn;
    });
    return out;
  }

  /** Mean fraction of shared k nearest neighbours between two neighbour lists. */
  public static double mutualKnn(int[][] a, int[][] b) {
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      int[] sa = a[i].clone();
      Arrays.sort(sa);
      int shared = 0;
      for (int j : b[i]) {
        shared += Arrays.binarySearch(sa, j) >= 0 ? 1 : 0;
      }
      total += (double) shared / a[i].length;
    }
    return total / a.length;
  }

  /** Mutual k-NN of two (n × p), (n × q) representations. */
  public static double mutualKnn(float[] x, int p, float[] y, int q, int n, int k) {
    return mutualKnn(neighbours(x, n, p, k), neighbours(y, n, q, k));
  }
}
