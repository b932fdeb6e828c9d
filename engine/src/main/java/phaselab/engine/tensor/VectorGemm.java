package phaselab.engine.tensor;

import java.util.Arrays;

/**
 * Packed, register-tiled matrix multiply on the Vector API (the GotoBLAS/BLIS layout), cut into
 * pieces by a {@link GemmPlan} that {@link GemmTuner} measures per machine.
 *
 * <p>op(B) is packed once per call, for the whole depth, into micro-panels of NR columns; op(A)
 * is read in place where it can be, else packed per (row block, depth block) into MR-row panels
 * (see {@code block}). Packing turns all three layouts
 * (A·B, A·Bᵀ, Aᵀ·B) into the same contiguous streams, so one micro-kernel serves them all. A call
 * forks twice (packing B, then the tasks), not once per depth block: each task walks its own
 * depth blocks in order.
 *
 * <p>Determinism: a task is a (row block, column block) pair and owns its part of C; inside it
 * each element of C is one fma chain over the depth in order, carried in C between depth blocks
 * (the kernel loads C instead of adding a block sum to it). So the result depends neither on the
 * thread count, nor on which thread runs a task, nor on the plan's tile and block sizes. The one
 * exception to "one chain" is split-K ({@link #depthChunks}): small outputs with long reductions
 * sum fixed-size depth chunks' chains in chunk order, decided by the shape alone.
 */
final class VectorGemm {
  static final int LANES = GemmKernels.L;
  /** Below this many multiply-adds a call runs on the caller's thread: forking costs more. */
  static final long PARALLEL_ABOVE = 1L << 17;

  private static final Scratch PACKED_A = new Scratch();
  private static final Scratch PACKED_B = new Scratch();
  private static final Scratch EDGE_TILE = new Scratch();

  private VectorGemm() {}

  /** C (+)= op(A)·op(B) under the machine's plan, with leading dimensions as in {@link Kernels}. */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    gemm(GemmTuner.plan(), false, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** Contiguous operands under a given plan; {@code serial} keeps every task on the caller's thread (tuning). */
  static void gemm(GemmPlan plan, boolean serial, boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    gemm(plan, serial, transA, transB, m, n, k, a, aOff, transA ? m : k, b, bOff, transB ? k : n, c, cOff, n, accumulate);
  }

  static void gemm(GemmPlan plan, boolean serial, boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    int chunks = depthChunks(m, n, k);
    if (chunks > 1) {
      splitDepth(plan, serial, chunks, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    int mr = plan.mr();
    int nr = plan.nr();
    int panels = (n + nr - 1) / nr;
    float[] packedB = PACKED_B.atLeast(panels * nr * k);
    boolean inline = serial || (long) m * n * k < PARALLEL_ABOVE;
    if (inline) {
      for (int jp = 0; jp < panels; jp++) {
        packB(transB, b, bOff, ldb, n, k, nr, packedB, jp, 0, k);
      }
    } else {
      // one piece per (micro-panel, depth block): a weight gradient's B (the activations, say
      // 2048 × 128) is only four panels wide, and packing it by panels alone left a thread idle
      int kcPack = plan.kc();
      int depthBlocks = (k + kcPack - 1) / kcPack;
      Parallel.forEach(panels * depthBlocks, piece -> {
        int jp = piece / depthBlocks;
        int p0 = (piece % depthBlocks) * kcPack;
        packB(transB, b, bOff, ldb, n, k, nr, packedB, jp, p0, Math.min(k, p0 + kcPack));
      });
    }
    // Balanced blocks: as many as the plan's sizes need, at least two per thread where the
    // shape allows (a weight gradient is one 128-row block otherwise), spread evenly in whole
    // tiles. Free to depend on the thread count: the split never changes the result.
    int wanted = inline ? 1 : 2 * Parallel.threads();
    int rowBlocks = Math.max((m + plan.mc() - 1) / plan.mc(), Math.min(wanted, (m + mr - 1) / mr));
    int rowsPer = roundUp((m + rowBlocks - 1) / rowBlocks, mr);
    rowBlocks = (m + rowsPer - 1) / rowsPer;
    int colBlocks = Math.max((panels + plan.ncPanels() - 1) / plan.ncPanels(), Math.min(panels, (wanted + rowBlocks - 1) / rowBlocks));
    int panelsPer = (panels + colBlocks - 1) / colBlocks;
    colBlocks = (panels + panelsPer - 1) / panelsPer;
    int kc = Math.min(plan.kc(), k);
    int tasks = rowBlocks * colBlocks;
    final int cb = colBlocks;
    java.util.function.IntConsumer task = t -> {
      int i0 = (t / cb) * rowsPer;
      int jp0 = (t % cb) * panelsPer;
      block(plan, mr, nr, transA, n, k, kc, a, aOff, lda, packedB, c, cOff, ldc, accumulate,
          i0, Math.min(rowsPer, m - i0), jp0, Math.min(panels, jp0 + panelsPer));
    };
    if (inline) {
      for (int t = 0; t < tasks; t++) {
        task.accept(t);
      }
    } else {
      Parallel.forEach(tasks, task);
    }
  }

  /** Depth of one chunk of a split product: a fixed constant, because the bits depend on it. */
  static final int SPLIT_DEPTH = 512;
  /** Only outputs this small are split: weight gradients (d × d reduced over B·T tokens). */
  static final long SPLIT_MAX_OUTPUT = 512 * 512;

  /**
   * How many depth chunks a product is split into: 1 for most; for a small output with a long
   * reduction, chunks of {@link #SPLIT_DEPTH}. A function of the shape alone (never of the plan
   * or the thread count), so the bits stay independent of both.
   */
  static int depthChunks(int m, int n, int k) {
    if ((long) m * n > SPLIT_MAX_OUTPUT || k < 2 * SPLIT_DEPTH) {
      return 1;
    }
    return (k + SPLIT_DEPTH - 1) / SPLIT_DEPTH;
  }

  /**
   * Split-K: each depth chunk is its own product into a partial m × n block (one parallel task
   * each: every task reads only its chunk of A and B, where a row split made every task read all
   * of B), then C = ((C +) P_0 + P_1) + … summed in chunk order, a fixed tree for any thread count.
   */
  private static void splitDepth(GemmPlan plan, boolean serial, int chunks, boolean transA, boolean transB, int m, int n,
      int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    int block = m * n;
    float[] parts = SPLIT_PARTS.atLeast(chunks * block);
    java.util.function.IntConsumer chunk = s -> {
      int p0 = s * SPLIT_DEPTH;
      int depth = Math.min(SPLIT_DEPTH, k - p0);
      int ao = aOff + (transA ? p0 * lda : p0);
      int bo = bOff + (transB ? p0 : p0 * ldb);
      gemm(plan, true, transA, transB, m, n, depth, a, ao, lda, b, bo, ldb, parts, s * block, n, false);
    };
    if (serial) {
      for (int s = 0; s < chunks; s++) {
        chunk.accept(s);
      }
    } else {
      Parallel.forEach(chunks, chunk);
    }
    java.util.function.IntConsumer reduceRow = i -> {
      int co = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        float v = accumulate ? c[co + j] + parts[i * n + j] : parts[i * n + j];
        for (int s = 1; s < chunks; s++) {
          v += parts[s * block + i * n + j];
        }
        c[co + j] = v;
      }
    };
    if (serial) {
      for (int i = 0; i < m; i++) {
        reduceRow.accept(i);
      }
    } else {
      Parallel.forChunks(m, 16, (i0, i1) -> {
        for (int i = i0; i < i1; i++) {
          reduceRow.accept(i);
        }
      });
    }
  }

  private static final Scratch SPLIT_PARTS = new Scratch();

  /** Rows [i0, i0+mc) × micro-panels [jp0, jp1) of C, over every depth block in order. */
  private static void block(GemmPlan plan, int mr, int nr, boolean transA, int n, int k, int kcMax,
      float[] a, int aOff, int lda, float[] packedB, float[] c, int cOff, int ldc, boolean accumulate,
      int i0, int mc, int jp0, int jp1) {
    int shape = plan.shape();
    // A is read in place where packing would cost as much as the multiply: a transposed A
    // always (its MR rows of one depth step are already consecutive), a row-major A by narrow
    // tasks. Only a last panel of fewer than MR rows is packed, zero-padded.
    boolean inPlace = transA || (jp1 - jp0) * nr <= plan.packAAbove();
    int fullRows = inPlace ? mc / mr * mr : 0;
    float[] ap = PACKED_A.atLeast(roundUp(mc - fullRows, mr) * kcMax);
    for (int pc = 0; pc < k; pc += kcMax) {
      int kc = Math.min(kcMax, k - pc);
      boolean load = accumulate || pc > 0; // continue each element's chain from C
      if (fullRows < mc) {
        packA(transA, a, aOff, lda, i0 + fullRows, mc - fullRows, pc, kc, mr, ap);
      }
      for (int jp = jp0; jp < jp1; jp++) {
        int j = jp * nr;
        int ncols = Math.min(nr, n - j);
        int bo = jp * nr * k + pc * nr;
        for (int ir = 0; ir < mc; ir += mr) {
          int rows = Math.min(mr, mc - ir);
          int co = cOff + (i0 + ir) * ldc + j;
          boolean own = ir < fullRows; // read from A itself, not from the packed panel
          boolean strided = own && !transA;
          float[] src = own ? a : ap;
          int ao = !own ? (ir - fullRows) * kc : transA ? aOff + pc * lda + i0 + ir : aOff + (i0 + ir) * lda + pc;
          int astep = own && transA ? lda : mr;
          if (rows == mr && ncols == nr) {
            if (strided) {
              GemmKernels.runStrided(shape, kc, a, ao, lda, packedB, bo, c, co, ldc, load);
            } else {
              GemmKernels.run(shape, kc, src, ao, astep, packedB, bo, c, co, ldc, load);
            }
          } else {
            edge(shape, mr, nr, kc, src, ao, strided ? lda : -1, astep, packedB, bo, c, co, ldc, rows, ncols, load);
          }
        }
      }
    }
  }

  /**
   * A tile cut by the bottom or right edge of C: its valid part is copied into a full scratch
   * tile, run through the same kernel (so the same chains), and copied back. {@code lda} is A's
   * row stride when its rows are read in place, else -1 and A advances {@code astep} a depth step.
   */
  private static void edge(int shape, int mr, int nr, int kc, float[] a, int ao, int lda, int astep, float[] bp, int bo,
      float[] c, int co, int ldc, int rows, int cols, boolean load) {
    float[] tile = EDGE_TILE.atLeast(mr * nr);
    if (load) {
      Arrays.fill(tile, 0, mr * nr, 0f);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, co + r * ldc, tile, r * nr, cols);
      }
    }
    if (lda >= 0) {
      GemmKernels.runStrided(shape, kc, a, ao, lda, bp, bo, tile, 0, nr, load);
    } else {
      GemmKernels.run(shape, kc, a, ao, astep, bp, bo, tile, 0, nr, load);
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile, r * nr, c, co + r * ldc, cols);
    }
  }

  /** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-row panels, zero-padded. */
  private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr, float[] ap) {
    for (int ir = 0; ir < mc; ir += mr) {
      int rows = Math.min(mr, mc - ir);
      int base = ir * kc;
      if (rows < mr) {
        Arrays.fill(ap, base, base + mr * kc, 0f);
      }
      if (transA) {
        // op(A)[i][p] = a[p·lda + i]: the MR rows of one depth step are contiguous
        int src = aOff + p0 * lda + i0 + ir;
        for (int p = 0; p < kc; p++) {
          System.arraycopy(a, src + p * lda, ap, base + p * mr, rows);
        }
      } else {
        // op(A)[i][p] = a[i·lda + p]: read each row along the depth, write it with stride MR
        for (int r = 0; r < rows; r++) {
          int src = aOff + (i0 + ir + r) * lda + p0;
          int dst = base + r;
          for (int p = 0; p < kc; p++) {
            ap[dst + p * mr] = a[src + p];
          }
        }
      }
    }
  }

  /** Packs depth [p0, p1) of column micro-panel jp of op(B) (the whole panel spans depth k), zero-padded to NR columns. */
  private static void packB(boolean transB, float[] b, int bOff, int ldb, int n, int k, int nr, float[] bp, int jp, int p0, int p1) {
    int base = jp * nr * k;
    int col0 = jp * nr;
    int cols = Math.min(nr, n - col0);
    if (transB) {
      // op(B)[p][j] = b[j·ldb + p]: read each column along the depth, write it with stride NR
      if (cols < nr) {
        Arrays.fill(bp, base + p0 * nr, base + p1 * nr, 0f);
      }
      for (int q = 0; q < cols; q++) {
        int src = bOff + (col0 + q) * ldb;
        int dst = base + q;
        for (int p = p0; p < p1; p++) {
          bp[dst + p * nr] = b[src + p];
        }
      }
    } else {
      for (int p = p0; p < p1; p++) {
        int src = bOff + p * ldb + col0;
        int dst = base + p * nr;
        System.arraycopy(b, src, bp, dst, cols);
        if (cols < nr) {
          Arrays.fill(bp, dst + cols, dst + nr, 0f);
        }
      }
    }
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }
}
