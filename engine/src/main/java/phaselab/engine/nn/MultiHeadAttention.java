package phaselab.engine.nn;

import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.AttentionOps;
import phaselab.engine.autograd.Softmax;
import phaselab.engine.tensor.Tensor;

/**
 * Multi-head self-attention (Vaswani et al. 2017) with separate query/key/value projections and
 * the per-head outputs exposed as {@code z} (B, T, C) before the output projection {@code proj}.
 * Hooks: q, k, v (B, T, C); scores, pattern (B, NH, T, T); z (B, T, C); out (B, T, C).
 */
public final class MultiHeadAttention extends Module {
  public final int heads;
  public final int width;
  final Linear query;
  final Linear key;
  final Linear value;
  final Linear proj;
  private final HookPoint hookQ;
  private final HookPoint hookK;
  private final HookPoint hookV;
  private final HookPoint hookScores;
  private final HookPoint hookPattern;
  private final HookPoint hookZ;
  private final HookPoint hookOut;

  public MultiHeadAttention(int width, int heads) {
    this(width, heads, true);
  }

  /** {@code bias}: biases on the four projections (Murty et al.'s code has none). */
  public MultiHeadAttention(int width, int heads, boolean bias) {
    if (heads <= 0 || width % heads != 0) {
      throw new IllegalArgumentException("attention: width " + width + " must be divisible by heads " + heads);
    }
    this.width = width;
    this.heads = heads;
    query = child("query", new Linear(width, width, bias));
    hookQ = hook("q");
    key = child("key", new Linear(width, width, bias));
    hookK = hook("k");
    value = child("value", new Linear(width, width, bias));
    hookV = hook("v");
    hookScores = hook("scores");
    hookPattern = hook("pattern");
    hookZ = hook("z");
    proj = child("proj", new Linear(width, width, bias));
    hookOut = hook("out");
  }

  public int headSize() {
    return width / heads;
  }

  /** x (B, T, C) → (B, T, C). */
  public Tensor forward(Tensor x, AttentionMask mask, Dropout dropout) {
    Tensor q = hookQ.apply(query.forward(x)); // (B, T, C)
    Tensor k = hookK.apply(key.forward(x)); // (B, T, C)
    Tensor v = hookV.apply(value.forward(x)); // (B, T, C)
    float scale = (float) (1.0 / Math.sqrt(headSize()));
    Tensor scores = hookScores.apply(AttentionOps.scores(q, k, heads, scale, mask)); // (B, NH, T, T)
    Tensor pattern = hookPattern.apply(dropout.apply(Softmax.softmax(scores))); // (B, NH, T, T)
    Tensor z = hookZ.apply(AttentionOps.mix(pattern, v, heads)); // (B, T, C)
    return hookOut.apply(proj.forward(z));
  }
}
