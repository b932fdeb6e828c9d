package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Scratch;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/**
 * Multi-head attention as three differentiable steps, each hookable: {@link #scores} (q·kᵀ,
 * scale and masks fused), {@link Softmax#softmax} (the pattern) and {@link #mix} (pattern · v).
 * q, k, v and z are (B, T, C) with head h in columns [h·HS, (h+1)·HS); scores and pattern are
 * (B, NH, T, T). Work is split by sequence, then head: each (batch, head) pair owns its slice of
 * every output and gradient, so no two write the same element.
 */
public final class AttentionOps {
  private AttentionOps() {}

  /** scores[b,h,i,j] = scale · q[b,i,h]·k[b,j,h] where the mask allows (i, j), −∞ elsewhere. */
  public static Tensor scores(Tensor q, Tensor k, int heads, float scale, AttentionMask mask) {
    q.requireRank(3);
    k.requireShape(q.shape());
    int b = q.dim(0);
    int t = q.dim(1);
    int c = q.dim(2);
    int hs = headSize(c, heads);
    if (mask.batch() != b || mask.seq() != t) {
      throw new ShapeException("attention mask is for (B, T) = (" + mask.batch() + ", " + mask.seq() + ") but q is " + java.util.Arrays.toString(q.shape()));
    }
    Tensor s = Tensor.empty("scores", b, heads, t, t);
    Kernels kern = Kernels.get();
    // Heads are used in place: head h of sequence b is the (T, HS) block at (b·T)·C + h·HS with
    // row stride C, so no head is copied out and no product is copied back.
    Parallel.forChunks(b * heads, heads, (t0, t1) -> forEachTask(t0, t1, task -> {
      int bi = task / heads;
      int h = task % heads;
      int ho = bi * t * c + h * hs;
      int off = task * t * t;
      kern.gemm(false, true, t, t, hs, q.data, ho, c, k.data, ho, c, s.data, off, t, false);
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          int idx = off + i * t + j;
          s.data[idx] = mask.allows(bi, i, j) ? s.data[idx] * scale : Float.NEGATIVE_INFINITY;
        }
      }
    }));
    if (Tape.needsGrad(q, k)) {
      Tape.record(s, () -> {
        // gradients are taken on this thread, before the fork: an arena serves only its own thread
        float[] dqAll = q.requiresGrad() ? q.gradOrCreate() : null;
        float[] dkAll = k.requiresGrad() ? k.gradOrCreate() : null;
        Parallel.forChunks(b * heads, heads, (t0, t1) -> forEachTask(t0, t1, task -> {
        int bi = task / heads;
        int h = task % heads;
        int ho = bi * t * c + h * hs;
        int off = task * t * t;
        float[] ds = SCORE_GRAD.atLeast(t * t);
        for (int i = 0; i < t * t; i++) {
          float g = s.grad()[off + i];
          ds[i] = s.data[off + i] == Float.NEGATIVE_INFINITY ? 0f : g * scale;
        }
        if (dqAll != null) {
          kern.gemm(false, false, t, hs, t, ds, 0, t, k.data, ho, c, dqAll, ho, c, true);
        }
        if (dkAll != null) {
          kern.gemm(true, false, t, hs, t, ds, 0, t, q.data, ho, c, dkAll, ho, c, true);
        }
      }));
      });
    }
    return s;
  }

  /** z[b,i,h,:] = Σ_j pattern[b,h,i,j] · v[b,j,h,:]. */
  public static Tensor mix(Tensor pattern, Tensor v, int heads) {
    v.requireRank(3);
    int b = v.dim(0);
    int t = v.dim(1);
    int c = v.dim(2);
    int hs = headSize(c, heads);
    pattern.requireShape(b, heads, t, t);
    Tensor z = Tensor.empty("z", b, t, c);
    Kernels kern = Kernels.get();
    Parallel.forChunks(b * heads, heads, (t0, t1) -> forEachTask(t0, t1, task -> {
      int ho = (task / heads) * t * c + (task % heads) * hs;
      kern.gemm(false, false, t, hs, t, pattern.data, task * t * t, t, v.data, ho, c, z.data, ho, c, false);
    }));
    if (Tape.needsGrad(pattern, v)) {
      Tape.record(z, () -> {
        float[] dp = pattern.requiresGrad() ? pattern.gradOrCreate() : null;
        float[] dv = v.requiresGrad() ? v.gradOrCreate() : null;
        Parallel.forChunks(b * heads, heads, (t0, t1) -> forEachTask(t0, t1, task -> {
          int ho = (task / heads) * t * c + (task % heads) * hs;
          if (dp != null) {
            kern.gemm(false, true, t, t, hs, z.grad(), ho, c, v.data, ho, c, dp, task * t * t, t, true);
          }
          if (dv != null) {
            kern.gemm(true, false, t, hs, t, pattern.data, task * t * t, t, z.grad(), ho, c, dv, ho, c, true);
          }
        }));
      });
    }
    return z;
  }

  /**
   * Runs tasks [t0, t1) in order. A parallel task is one sequence with all its heads: the heads
   * of one sequence share cache lines of every (T, C) row they write, and two threads writing
   * neighbouring heads at once made those lines bounce between cores.
   */
  private static void forEachTask(int t0, int t1, java.util.function.IntConsumer body) {
    for (int task = t0; task < t1; task++) {
      body.accept(task);
    }
  }

  /** One head's score gradient, (T, T), per thread. */
  private static final Scratch SCORE_GRAD = new Scratch();

  static int headSize(int c, int heads) {
    if (heads <= 0 || c % heads != 0) {
      throw new ShapeException("attention: width " + c + " is not divisible by " + heads + " heads");
    }
    return c / heads;
  }
}
