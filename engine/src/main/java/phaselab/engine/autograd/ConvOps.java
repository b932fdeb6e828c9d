package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/**
 * 2-D convolution and max pooling over NCHW tensors, PyTorch's {@code F.conv2d} and
 * {@code F.max_pool2d}, with their gradients.
 *
 * <p>The convolution is im2col + the engine's GEMM, one image at a time: the image's patches
 * become a (C·kh·kw) × (Ho·Wo) matrix, and y_n = W · cols with W viewed as O × (C·kh·kw). Backward:
 * dW += dy_n · colsᵀ and dcols = Wᵀ · dy_n scattered back (col2im), image after image in order, so
 * the sums do not depend on the thread count. Zero padding; any stride.
 */
public final class ConvOps {
  private ConvOps() {}

  /** Output extent of a convolution or pooling window along one axis. */
  public static int outSize(int in, int kernel, int stride, int padding) {
    return (in + 2 * padding - kernel) / stride + 1;
  }

  /**
   * x (N, C, H, W) * w (O, C, kh, kw) + b (O) or null → (N, O, Ho, Wo), Ho = (H + 2p − kh)/s + 1.
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
    x.requireRank(4);
    w.requireRank(4);
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int o = w.dim(0);
    int kh = w.dim(2);
    int kw = w.dim(3);
    if (w.dim(1) != c) {
      throw new ShapeException("conv2d: weight '" + w.name() + "' expects " + w.dim(1) + " input channels, input '" + x.name() + "' has "
          + c + " (shape " + java.util.Arrays.toString(x.shape()) + ")");
    }
    if (stride < 1 || padding < 0) {
      throw new ShapeException("conv2d: stride must be ≥ 1 and padding ≥ 0, got " + stride + " and " + padding);
    }
    if (b != null) {
      b.requireShape(o);
    }
    int ho = outSize(h, kh, stride, padding);
    int wo = outSize(wd, kw, stride, padding);
    if (ho < 1 || wo < 1) {
      throw new ShapeException("conv2d: a " + kh + "×" + kw + " kernel does not fit a " + h + "×" + wd + " input with padding " + padding);
    }
    Geometry g = new Geometry(c, h, wd, kh, kw, stride, padding, ho, wo);
    int ckk = c * kh * kw;
    int hw = ho * wo;
    Tensor y = Tensor.empty("conv2d", n, o, ho, wo);
    Kernels k = Kernels.get();
    float[] cols = new float[ckk * hw];
    for (int img = 0; img < n; img++) {
      int yOff = img * o * hw;
      if (b != null) {
        for (int oc = 0; oc < o; oc++) {
          java.util.Arrays.fill(y.data, yOff + oc * hw, yOff + (oc + 1) * hw, b.data[oc]);
        }
      }
      im2col(x.data, img * c * h * wd, g, cols);
      k.gemm(false, false, o, hw, ckk, w.data, 0, cols, 0, y.data, yOff, b != null);
    }
    if (Tape.needsGrad(x, w, b)) {
      Tape.record(y, () -> {
        float[] dy = y.grad();
        float[] cols2 = new float[ckk * hw];
        float[] dcols = new float[ckk * hw];
        for (int img = 0; img < n; img++) {
          int yOff = img * o * hw;
          if (w.requiresGrad()) {
            im2col(x.data, img * c * h * wd, g, cols2);
            k.gemm(false, true, o, ckk, hw, dy, yOff, cols2, 0, w.gradOrCreate(), 0, true);
          }
          if (x.requiresGrad()) {
            k.gemm(true, false, ckk, hw, o, w.data, 0, dy, yOff, dcols, 0, false);
            col2im(dcols, g, x.gradOrCreate(), img * c * h * wd);
          }
          if (b != null && b.requiresGrad()) {
            float[] db = b.gradOrCreate();
            for (int oc = 0; oc < o; oc++) {
              double s = 0;
              for (int i = 0; i < hw; i++) {
                s += dy[yOff + oc * hw + i];
              }
              db[oc] += (float) s;
            }
          }
        }
      });
    }
    return y;
  }

  /** The shape of one image's patch matrix. */
  private record Geometry(int c, int h, int w, int kh, int kw, int stride, int padding, int ho, int wo) {}

  /** cols[(ch·kh + i)·kw + j][oy·wo + ox] = x[ch][oy·s − p + i][ox·s − p + j], 0 outside. */
  private static void im2col(float[] x, int off, Geometry g, float[] cols) {
    int hw = g.ho() * g.wo();
    for (int ch = 0; ch < g.c(); ch++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          int row = ((ch * g.kh() + i) * g.kw() + j) * hw;
          for (int oy = 0; oy < g.ho(); oy++) {
            int iy = oy * g.stride() - g.padding() + i;
            for (int ox = 0; ox < g.wo(); ox++) {
              int ix = ox * g.stride() - g.padding() + j;
              boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
              cols[row + oy * g.wo() + ox] = inside ? x[off + (ch * g.h() + iy) * g.w() + ix] : 0f;
            }
          }
        }
      }
    }
  }

  /** The adjoint of im2col: adds each patch entry back to the input position it came from. */
  private static void col2im(float[] cols, Geometry g, float[] dx, int off) {
    int hw = g.ho() * g.wo();
    for (int ch = 0; ch < g.c(); ch++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          int row = ((ch * g.kh() + i) * g.kw() + j) * hw;
          for (int oy = 0; oy < g.ho(); oy++) {
            int iy = oy * g.stride() - g.padding() + i;
            if (iy < 0 || iy >= g.h()) {
              continue;
            }
            for (int ox = 0; ox < g.wo(); ox++) {
              int ix = ox * g.stride() - g.padding() + j;
              if (ix >= 0 && ix < g.w()) {
                dx[off + (ch * g.h() + iy) * g.w() + ix] += cols[row + oy * g.wo() + ox];
              }
            }
          }
        }
      }
    }
  }

  /**
   * Max over k × k windows with the given stride, no padding: x (N, C, H, W) → (N, C, Ho, Wo).
   * The gradient goes to the first maximum of each window in row-major order (PyTorch's choice on
   * ties), so the backward is deterministic.
   */
  public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
    x.requireRank(4);
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int w = x.dim(3);
    if (kernel < 1 || stride < 1 || kernel > h || kernel > w) {
      throw new ShapeException("max_pool2d: a " + kernel + "×" + kernel + " window with stride " + stride + " does not fit a " + h + "×" + w
          + " input");
    }
    int ho = outSize(h, kernel, stride, 0);
    int wo = outSize(w, kernel, stride, 0);
    Tensor y = Tensor.empty("max_pool2d", n, c, ho, wo);
    int[] argmax = new int[y.size()];
    for (int plane = 0; plane < n * c; plane++) {
      int in = plane * h * w;
      int out = plane * ho * wo;
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          int best = in + (oy * stride) * w + ox * stride;
          for (int i = 0; i < kernel; i++) {
            for (int j = 0; j < kernel; j++) {
              int at = in + (oy * stride + i) * w + ox * stride + j;
              if (x.data[at] > x.data[best]) {
                best = at;
              }
            }
          }
          y.data[out + oy * wo + ox] = x.data[best];
          argmax[out + oy * wo + ox] = best;
        }
      }
    }
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dy = y.grad();
        float[] dx = x.gradOrCreate();
        for (int i = 0; i < argmax.length; i++) {
          dx[argmax[i]] += dy[i];
        }
      });
    }
    return y;
  }
}
