package phaselab.engine.tensor;

/**
 * How {@link VectorGemm} cuts a product into pieces: the register tile (an index into
 * {@link GemmKernels#SHAPES}), the depth block KC, the row block MC and the column block NC (in
 * tile columns). A plan changes speed only: every element of C is the same fma chain over the
 * depth in order under every plan (tested), so a machine's tuned plan never changes results.
 *
 * @param shape index into {@link GemmKernels#SHAPES}
 * @param kc depth block: the packed B micro-panel (kc × NR) should stay in L1
 * @param mc row block: the packed A block (mc × kc) should stay in L2; rounded to a multiple of MR
 * @param ncPanels column block in micro-panels of NR columns: the width of one parallel task
 * @param packAAbove a row-major A is packed only for tasks wider than this many columns; narrower
 *     ones read it in place, where packing would cost as much as the multiply
 */
public record GemmPlan(int shape, int kc, int mc, int ncPanels, int packAAbove) {
  public GemmPlan {
    if (shape < 0 || shape >= GemmKernels.SHAPES.length) {
      throw new IllegalArgumentException("GEMM kernel shape index " + shape + " out of range; shapes are " + shapeNames());
    }
    if (kc < 1 || mc < 1 || ncPanels < 1 || packAAbove < 0) {
      throw new IllegalArgumentException("GEMM blocking must be positive, got kc=" + kc + " mc=" + mc + " nc=" + ncPanels
          + " packabove=" + packAAbove);
    }
    int mr = GemmKernels.SHAPES[shape][0];
    mc = Math.max(mr, mc / mr * mr);
  }

  /** The same plan with other sizes (the tile stays). */
  GemmPlan with(int kc, int mc, int ncPanels, int packAAbove) {
    return new GemmPlan(shape, kc, mc, ncPanels, packAAbove);
  }

  /** Rows of the register tile. */
  public int mr() {
    return GemmKernels.SHAPES[shape][0];
  }

  /** Columns of the register tile (vectors × lanes). */
  public int nr() {
    return GemmKernels.SHAPES[shape][1] * GemmKernels.L;
  }

  /** The tile as "MRxNV" (rows × vectors), the form the {@code phaselab.gemm.kernel} property takes. */
  public String kernelName() {
    return GemmKernels.SHAPES[shape][0] + "x" + GemmKernels.SHAPES[shape][1];
  }

  /** The index of a tile named "MRxNV", or -1. */
  public static int shapeIndex(String name) {
    for (int i = 0; i < GemmKernels.SHAPES.length; i++) {
      if (name.equals(GemmKernels.SHAPES[i][0] + "x" + GemmKernels.SHAPES[i][1])) {
        return i;
      }
    }
    return -1;
  }

  static String shapeNames() {
    StringBuilder sb = new StringBuilder();
    for (int[] s : GemmKernels.SHAPES) {
      sb.append(sb.length() == 0 ? "" : ", ").append(s[0]).append('x').append(s[1]);
    }
    return sb.toString();
  }

  /**
   * The plan used before (or without) tuning: 8 × 2 vectors where the ISA has 32 vector
   * registers (AVX-512), 6 × 2 where it has 16.
   */
  public static GemmPlan defaults() {
    boolean wide = GemmKernels.L >= 16;
    int shape = shapeIndex(wide ? "8x2" : "6x2");
    return new GemmPlan(shape, 256, wide ? 96 : 72, 16, 16 * GemmKernels.SHAPES[shape][1] * GemmKernels.L);
  }

  @Override
  public String toString() {
    return "kernel " + kernelName() + " (" + mr() + "×" + nr() + "), KC " + kc + ", MC " + mc + ", NC " + ncPanels * nr() + ", A packed above " + packAAbove + " columns";
  }
}
