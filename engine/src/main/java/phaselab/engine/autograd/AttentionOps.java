package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/**
 * Multi-head attention as three differentiable steps, each hookable: {@link #scores} (q·kᵀ,
 * scale and masks fused), {@link Softmax#softmax} (the pattern) and {@link #mix} (pattern · v).
 * q, k, v and z are (B, T, C) with head h in columns [h·HS, (h+1)·HS); scores and pattern are
 * (B, NH, T, T). Work is split by (batch, head): each task owns its slice of every output and
 * gradient, so no two tasks write the same element.
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
    Tensor s = Tensor.zeros("scores", b, heads, t, t);
    Kernels kern = Kernels.get();
    Parallel.forEach(b * heads, task -> {
      int bi = task / heads;
      int h = task % heads;
      float[] qh = head(q.data, bi, h, t, c, hs);
      float[] kh = head(k.data, bi, h, t, c, hs);
      int off = task * t * t;
      kern.gemm(false, true, t, t, hs, qh, 0, kh, 0, s.data, off, false);
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          int idx = off + i * t + j;
          s.data[idx] = mask.allows(bi, i, j) ? s.data[idx] * scale : Float.NEGATIVE_INFINITY;
        }
      }
    });
    if (Tape.needsGrad(q, k)) {
      Tape.record(s, () -> Parallel.forEach(b * heads, task -> {
        int bi = task / heads;
        int h = task % heads;
        int off = task * t * t;
        float[] ds = new float[t * t];
        for (int i = 0; i < t * t; i++) {
          float g = s.grad()[off + i];
          ds[i] = s.data[off + i] == Float.NEGATIVE_INFINITY ? 0f : g * scale;
        }
        if (q.requiresGrad()) {
          float[] kh = head(k.data, bi, h, t, c, hs);
          float[] dq = new float[t * hs];
          kern.gemm(false, false, t, hs, t, ds, 0, kh, 0, dq, 0, false);
          addHead(dq, q.gradOrCreate(), bi, h, t, c, hs);
        }
        if (k.requiresGrad()) {
          float[] qh = head(q.data, bi, h, t, c, hs);
          float[] dk = new float[t * hs];
          kern.gemm(true, false, t, hs, t, ds, 0, qh, 0, dk, 0, false);
          addHead(dk, k.gradOrCreate(), bi, h, t, c, hs);
        }
      }));
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
    Tensor z = Tensor.zeros("z", b, t, c);
    Kernels kern = Kernels.get();
    Parallel.forEach(b * heads, task -> {
      int bi = task / heads;
      int h = task % heads;
      float[] vh = head(v.data, bi, h, t, c, hs);
      float[] zh = new float[t * hs];
      kern.gemm(false, false, t, hs, t, pattern.data, task * t * t, vh, 0, zh, 0, false);
      addHead(zh, z.data, bi, h, t, c, hs);
    });
    if (Tape.needsGrad(pattern, v)) {
      Tape.record(z, () -> Parallel.forEach(b * heads, task -> {
        int bi = task / heads;
        int h = task % heads;
        float[] dz = head(z.grad(), bi, h, t, c, hs);
        if (pattern.requiresGrad()) {
          float[] vh = head(v.data, bi, h, t, c, hs);
          kern.gemm(false, true, t, t, hs, dz, 0, vh, 0, pattern.gradOrCreate(), task * t * t, true);
        }
        if (v.requiresGrad()) {
          float[] dv = new float[t * hs];
          kern.gemm(true, false, t, hs, t, pattern.data, task * t * t, dz, 0, dv, 0, false);
          addHead(dv, v.gradOrCreate(), bi, h, t, c, hs);
        }
      }));
    }
    return z;
  }

  static int headSize(int c, int heads) {
    if (heads <= 0 || c % heads != 0) {
      throw new ShapeException("attention: width " + c + " is not divisible by " + heads + " heads");
    }
    return c / heads;
  }

  /** Copies head h of sequence b, (T, HS), out of a (B, T, C) array. */
  static float[] head(float[] src, int b, int h, int t, int c, int hs) {
    float[] out = new float[t * hs];
    for (int i = 0; i < t; i++) {
      System.arraycopy(src, (b * t + i) * c + h * hs, out, i * hs, hs);
    }
    return out;
  }

  /** Adds a (T, HS) head block into head h of sequence b of a (B, T, C) array. */
  static void addHead(float[] block, float[] dst, int b, int h, int t, int c, int hs) {
    Kernels k = Kernels.get();
    for (int i = 0; i < t; i++) {
      k.axpy(1f, block, i * hs, dst, (b * t + i) * c + h * hs, hs);
    }
  }
}
