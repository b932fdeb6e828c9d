package phaselab.engine.nn;

import phaselab.engine.tensor.Tensor;

/** Fixed sinusoidal position table (Vaswani et al. 2017, section 3.5). */
public final class Positions {
  private Positions() {}

  /** PE[p, 2i] = sin(p / 10000^(2i/C)), PE[p, 2i+1] = cos(p / 10000^(2i/C)); shape (T, C). */
  public static Tensor sinusoidal(int seq, int width) {
    Tensor pe = Tensor.zeros("sinusoidal_positions", seq, width);
    for (int p = 0; p < seq; p++) {
      for (int i = 0; i < width; i += 2) {
        double angle = p / Math.pow(10000.0, (double) i / width);
        pe.data[p * width + i] = (float) Math.sin(angle);
        if (i + 1 < width) {
          pe.data[p * width + i + 1] = (float) Math.cos(angle);
        }
      }
    }
    return pe;
  }
}
