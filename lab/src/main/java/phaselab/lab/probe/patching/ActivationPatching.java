package phaselab.lab.probe.patching;

import java.util.Arrays;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;

/**
 * Activation patching of a decoder LM: run a clean and a corrupted input of the same length, then
 * the corrupted one again with one activation copied in from the clean run, and report how much
 * of the clean–corrupted gap of a metric that restores:
 * <pre>  recovered = (m(patched) − m(corrupted)) / (m(clean) − m(corrupted))</pre>
 * (1: this activation alone carries the difference; 0: it carries none of it). The metric is the
 * logit difference logit(answer) − logit(wrong) at the read position. Patched activations:
 * <ul>
 *   <li>the residual stream entering each block ({@code blocks.L.resid_pre}) at each position;
 *   <li>each head's output before the output projection ({@code blocks.L.attn.z}, the head's
 *       d_head columns) at every position at once.
 * </ul>
 * Everything runs without dropout and without gradients, so it is deterministic.
 *
 * @param clean m(clean)
 * @param corrupted m(corrupted)
 * @param residual recovered share per [layer][position]
 * @param heads recovered share per [layer][head]
 */
public record ActivationPatching(double clean, double corrupted, double[][] residual, double[][] heads) {

  /**
   * @param readPos the position whose logits the metric reads (predicting the next token)
   * @param answer the token the clean input should lead to
   * @param wrong the token the corrupted input leads to
   */
  public static ActivationPatching run(DecoderLM model, int[] clean, int[] corrupted, int readPos, int answer, int wrong) {
    if (clean.length != corrupted.length) {
      throw new IllegalArgumentException("clean and corrupted inputs must have the same length (" + clean.length + " and "
          + corrupted.length + " tokens); pick a corruption that keeps the length, e.g. swapped auxiliaries");
    }
    if (readPos < 0 || readPos >= clean.length) {
      throw new IllegalArgumentException("read position " + readPos + " is outside the " + clean.length + " tokens");
    }
    int layers = model.blocks().size();
    int heads = model.config.heads();
    int hs = model.config.headSize();
    int seq = clean.length;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      float[][] cleanResid = new float[layers][];
      float[][] cleanZ = new float[layers][];
      double mClean;
      try (Hooks h = model.hooks()) {
        for (int l = 0; l < layers; l++) {
          int layer = l;
          h.forward("blocks." + l + ".resid_pre", (n, x) -> {
            cleanResid[layer] = x.data.clone();
            return x;
          });
          h.forward("blocks." + l + ".attn.z", (n, x) -> {
            cleanZ[layer] = x.data.clone();
            return x;
          });
        }
        mClean = metric(model, clean, readPos, answer, wrong);
      }
      double mCorrupt = metric(model, corrupted, readPos, answer, wrong);
      int width = model.config.width();
      double[][] resid = new double[layers][seq];
      for (int l = 0; l < layers; l++) {
        for (int t = 0; t < seq; t++) {
          int layer = l;
          int pos = t;
          try (Hooks h = model.hooks()) {
            h.forward("blocks." + l + ".resid_pre", (n, x) -> {
              float[] d = x.data.clone();
              System.arraycopy(cleanResid[layer], pos * width, d, pos * width, width);
              return Tensor.of(n, d, x.shape());
            });
            resid[l][t] = recovered(metric(model, corrupted, readPos, answer, wrong), mClean, mCorrupt);
          }
        }
      }
      double[][] head = new double[layers][heads];
      for (int l = 0; l < layers; l++) {
        for (int k = 0; k < heads; k++) {
          int layer = l;
          int col = k * hs;
          try (Hooks h = model.hooks()) {
            h.forward("blocks." + l + ".attn.z", (n, x) -> {
              float[] d = x.data.clone();
              for (int t = 0; t < seq; t++) {
                System.arraycopy(cleanZ[layer], t * width + col, d, t * width + col, hs);
              }
              return Tensor.of(n, d, x.shape());
            });
            head[l][k] = recovered(metric(model, corrupted, readPos, answer, wrong), mClean, mCorrupt);
          }
        }
      }
      return new ActivationPatching(mClean, mCorrupt, resid, head);
    }
  }

  private static double metric(DecoderLM model, int[] ids, int readPos, int answer, int wrong) {
    Tensor logits = model.forward(ids, 1, ids.length, Dropout.EVAL); // (1, T, V)
    int v = model.config.vocab();
    return (double) logits.data[readPos * v + answer] - logits.data[readPos * v + wrong];
  }

  private static double recovered(double m, double clean, double corrupt) {
    double gap = clean - corrupt;
    return gap == 0 ? Double.NaN : (m - corrupt) / gap + 0.0; // + 0.0: no -0.0 in the tables
  }

  @Override
  public String toString() {
    return "ActivationPatching[clean=" + clean + ", corrupted=" + corrupted + ", residual=" + Arrays.deepToString(residual) + "]";
  }
}
