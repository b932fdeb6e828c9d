package phaselab.engine.nn;

import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.tensor.Tensor;

/**
 * One transformer block, pre-LN (GPT-2) or post-LN (BERT, Vaswani et al.):
 * <pre>
 *   pre-LN : ln1 = LN1(x); resid_mid = x + attn(ln1); ln2 = LN2(resid_mid); resid_post = resid_mid + mlp(ln2)
 *   post-LN: resid_mid = x + attn(x); ln1 = LN1(resid_mid); resid_post = ln1 + mlp(ln1); ln2 = LN2(resid_post)
 * </pre>
 * The block output is resid_post (pre-LN) or ln2 (post-LN).
 */
public final class TransformerBlock extends Module {
  private final boolean preLn;
  private final HookPoint hookResidPre;
  private final LayerNorm ln1;
  private final HookPoint hookLn1;
  private final MultiHeadAttention attn;
  private final HookPoint hookResidMid;
  private final LayerNorm ln2;
  private final HookPoint hookLn2;
  private final FeedForward mlp;
  private final HookPoint hookResidPost;
  private final boolean ffnDropout;

  public TransformerBlock(int width, int heads, int hidden, FeedForward.Activation act, boolean preLn, float lnEps) {
    this(width, heads, hidden, act, preLn, lnEps, true, false);
  }

  /**
   * {@code attentionBias}: biases on the attention projections; {@code ffnDropout}: dropout on the
   * feed-forward hidden activations as well as on the sublayer outputs.
   */
  public TransformerBlock(int width, int heads, int hidden, FeedForward.Activation act, boolean preLn, float lnEps,
      boolean attentionBias, boolean ffnDropout) {
    this.preLn = preLn;
    this.ffnDropout = ffnDropout;
    hookResidPre = hook("resid_pre");
    if (preLn) {
      ln1 = child("ln1", new LayerNorm(width, lnEps));
      hookLn1 = hook("ln1");
      attn = child("attn", new MultiHeadAttention(width, heads, attentionBias));
      hookResidMid = hook("resid_mid");
      ln2 = child("ln2", new LayerNorm(width, lnEps));
      hookLn2 = hook("ln2");
      mlp = child("mlp", new FeedForward(width, hidden, act));
      hookResidPost = hook("resid_post");
    } else {
      attn = child("attn", new MultiHeadAttention(width, heads, attentionBias));
      hookResidMid = hook("resid_mid");
      ln1 = child("ln1", new LayerNorm(width, lnEps));
      hookLn1 = hook("ln1");
      mlp = child("mlp", new FeedForward(width, hidden, act));
      hookResidPost = hook("resid_post");
      ln2 = child("ln2", new LayerNorm(width, lnEps));
      hookLn2 = hook("ln2");
    }
  }

  public FeedForward feedForward() {
    return mlp;
  }

  public MultiHeadAttention attention() {
    return attn;
  }

  /** x (B, T, C) → (B, T, C). */
  public Tensor forward(Tensor x, AttentionMask mask, Dropout dropout) {
    x = hookResidPre.apply(x);
    if (preLn) {
      Tensor a = hookLn1.apply(ln1.forward(x));
      Tensor mid = hookResidMid.apply(Pointwise.add(x, dropout.apply(attn.forward(a, mask, dropout))));
      Tensor m = hookLn2.apply(ln2.forward(mid));
      return hookResidPost.apply(Pointwise.add(mid, dropout.apply(mlp.forward(m, ffnDropout ? dropout : Dropout.EVAL))));
    }
    Tensor mid = hookResidMid.apply(Pointwise.add(x, dropout.apply(attn.forward(x, mask, dropout))));
    Tensor a = hookLn1.apply(ln1.forward(mid));
    Tensor post = hookResidPost.apply(Pointwise.add(a, dropout.apply(mlp.forward(a, ffnDropout ? dropout : Dropout.EVAL))));
    return hookLn2.apply(ln2.forward(post));
  }
}
