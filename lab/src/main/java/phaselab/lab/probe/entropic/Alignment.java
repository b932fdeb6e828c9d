package phaselab.lab.probe.entropic;

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
 */
public final class Alignment {
  private Alignment() {}

  /** CKA and mutual k-NN between every layer of one network (rows) and every layer of another (columns). */
  public record Matrices(double[][] cka, double[][] mutualKnn) {}

  /** Every pair of layers of {@code a} and {@code b}, each taken on the same {@code samples} inputs; k neighbours for k-NN. */
  public static Matrices between(List<Representations.Layer> a, List<Representations.Layer> b, int samples, int k) {
    double[][] cka = new double[a.size()][b.size()];
    double[][] knn = new double[a.size()][b.size()];
    List<double[]> gramB = b.stream().map(l -> centredGram(l.values(), samples, l.width())).toList();
    List<int[][]> nnB = b.stream().map(l -> neighbours(l.values(), samples, l.width(), k)).toList();
    for (int i = 0; i < a.size(); i++) {
      var x = a.get(i);
      double[] gram = centredGram(x.values(), samples, x.width());
      int[][] nn = neighbours(x.values(), samples, x.width(), k);
      for (int j = 0; j < b.size(); j++) {
        cka[i][j] = cka(gram, gramB.get(j));
        knn[i][j] = mutualKnn(nn, nnB.get(j));
      }
    }
    return new Matrices(cka, knn);
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
