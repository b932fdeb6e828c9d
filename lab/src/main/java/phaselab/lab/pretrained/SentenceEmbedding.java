package phaselab.lab.pretrained;

/**
 * Sentence-transformers' embedding of a BERT's last hidden state: the mean over real (non-padding)
 * tokens, then L2-normalised (all-MiniLM-L6-v2's model card: Pooling(mean) + Normalize).
 */
public final class SentenceEmbedding {
  private SentenceEmbedding() {}

  /** Row {@code b} of hidden (B, T, C) flattened, with valid (B·T) marking real tokens. */
  public static float[] meanPooledNormalized(float[] hidden, boolean[] valid, int b, int seq, int width) {
    double[] sum = new double[width];
    int n = 0;
    for (int t = 0; t < seq; t++) {
      if (!valid[b * seq + t]) {
        continue;
      }
      n++;
      for (int k = 0; k < width; k++) {
        sum[k] += hidden[(b * seq + t) * width + k];
      }
    }
    double norm = 0;
    for (int k = 0; k < width; k++) {
      sum[k] /= Math.max(n, 1);
      norm += sum[k] * sum[k];
    }
    norm = Math.max(Math.sqrt(norm), 1e-12);
    float[] out = new float[width];
    for (int k = 0; k < width; k++) {
      out[k] = (float) (sum[k] / norm);
    }
    return out;
  }
}
