package phaselab.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-tiled matrix multiply on the Vector API (the GotoBLAS/BLIS layout).
 *
 * <p>op(A) is cut into blocks of {@link #MC} rows × {@link #KC} depth and packed into
 * micro-panels of {@link #MR} rows stored depth-major; op(B) is packed into micro-panels of
 * {@link #NR} columns (two vectors). The micro-kernel keeps an MR × NR tile of C in 16 vector
 * registers and does one broadcast and two FMAs per row and depth step; packing turns all three
 * layouts (A·B, A·Bᵀ, Aᵀ·B) into the same contiguous streams, so one kernel serves them all.
 *
 * <p>Determinism: tasks are (row block, column block) pairs fixed by the shape; depth blocks are
 * summed in order inside each task, so every element of C is computed by one task in one order.
 */
final class VectorGemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int LANES = S.length();
  static final int MR = 8;
  static final int NR = 2 * LANES;
  static final int KC = Integer.getInteger("phaselab.gemm.kc", 256);
  static final int MC = Integer.getInteger("phaselab.gemm.mc", 64);
  /** Columns per task: a multiple of NR chosen so a task does enough work to be worth forking. */
  static final int NC = Integer.getInteger("phaselab.gemm.nc", 16) * NR;

  private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
  private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
  private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);

  private VectorGemm() {}

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    if (!accumulate) {
      java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
    }
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    int panels = (n + NR - 1) / NR;
    int bSize = panels * NR * Math.min(KC, k);
    float[] bp = PACKED_B.get();
    if (bp.length < bSize) {
      bp = new float[bSize];
      PACKED_B.set(bp);
    }
    final float[] packedB = bp;
    int rowBlocks = (m + MC - 1) / MC;
    int colBlocks = (n + NC - 1) / NC;
    for (int pc = 0; pc < k; pc += KC) {
      final int p0 = pc;
      final int kc = Math.min(KC, k - pc);
      Parallel.forChunks(panels, 16, (j0, j1) -> packB(transB, b, bOff, n, k, p0, kc, packedB, j0, j1));
      Parallel.forEach(rowBlocks * colBlocks, task -> {
        int i0 = (task / colBlocks) * MC;
        int mc = Math.min(MC, m - i0);
        int jStart = (task % colBlocks) * NC;
        int jEnd = Math.min(n, jStart + NC);
        float[] ap = PACKED_A.get();
        packA(transA, a, aOff, m, k, i0, mc, p0, kc, ap);
        for (int j = jStart; j < jEnd; j += NR) {
          int bo = (j / NR) * NR * kc;
          int nr = Math.min(NR, n - j);
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int co = cOff + (i0 + ir) * n + j;
            if (mr == MR && nr == NR) {
              kernel(kc, ap, ir * kc, packedB, bo, c, co, n);
            } else {
              edge(kc, ap, ir * kc, packedB, bo, c, co, n, mr, nr);
            }
          }
        }
      });
    }
  }

  /** Partial tile at the bottom or right edge: compute a full tile into scratch, add the valid part. */
  private static void edge(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, int mr, int nr) {
    float[] tile = EDGE_TILE.get();
    java.util.Arrays.fill(tile, 0f);
    kernel(kc, ap, ao, bp, bo, tile, 0, NR);
    for (int r = 0; r < mr; r++) {
      for (int q = 0; q < nr; q++) {
        c[co + r * ldc + q] += tile[r * NR + q];
      }
    }
  }

  /** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-row panels, zero-padded. */
  private static void packA(boolean transA, float[] a, int aOff, int m, int k, int i0, int mc, int p0, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc;
      int rows = Math.min(MR, mc - ir);
      if (transA) {
        // op(A) row i is column i of the stored (k, m) matrix: MR consecutive floats per depth step
        for (int p = 0; p < kc; p++) {
          int src = aOff + (p0 + p) * m + i0 + ir;
          int dst = base + p * MR;
          System.arraycopy(a, src, ap, dst, rows);
          for (int r = rows; r < MR; r++) {
            ap[dst + r] = 0f;
          }
        }
      } else {
        // depth-major writes, MR row streams read in step (sequential writes beat strided ones)
        for (int r = 0; r < MR; r++) {
          if (r >= rows) {
            for (int p = 0; p < kc; p++) {
              ap[base + p * MR + r] = 0f;
            }
          }
        }
        int src0 = aOff + (i0 + ir) * k + p0;
        for (int p = 0; p < kc; p++) {
          int dst = base + p * MR;
          for (int r = 0; r < rows; r++) {
            ap[dst + r] = a[src0 + r * k + p];
          }
        }
      }
    }
  }

  /** Packs column panels [j0, j1) × depth [p0, p0+kc) of op(B), zero-padded to NR columns. */
  private static void packB(boolean transB, float[] b, int bOff, int n, int k, int p0, int kc, float[] bp, int j0, int j1) {
    for (int jp = j0; jp < j1; jp++) {
      int base = jp * NR * kc;
      int col0 = jp * NR;
      int nr = Math.min(NR, n - col0);
      if (transB) {
        for (int q = 0; q < NR; q++) {
          if (q >= nr) {
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + q] = 0f;
            }
          } else {
            int src = bOff + (col0 + q) * k + p0;
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + q] = b[src + p];
            }
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (p0 + p) * n + col0;
          int dst = base + p * NR;
          if (nr == NR) {
            System.arraycopy(b, src, bp, dst, NR);
          } else {
            System.arraycopy(b, src, bp, dst, nr);
            java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
          }
        }
      }
    }
  }

  /** C[0..8, 0..NR) += Ap (8 × kc) · Bp (kc × NR); 16 accumulators live in registers. */
  static void kernel(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
      FloatVector av = FloatVector.broadcast(S, a[ao]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[ao + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[ao + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[ao + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, a[ao + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(S, a[ao + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      av = FloatVector.broadcast(S, a[ao + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      av = FloatVector.broadcast(S, a[ao + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
      ao += MR;
      bo += NR;
    }
    // Written out: a helper taking FloatVector arguments measured 4x slower (the vectors get boxed).
    c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
    c01.add(FloatVector.fromArray(S, c, co + LANES)).intoArray(c, co + LANES);
    c10.add(FloatVector.fromArray(S, c, co + ldc)).intoArray(c, co + ldc);
    c11.add(FloatVector.fromArray(S, c, co + ldc + LANES)).intoArray(c, co + ldc + LANES);
    c20.add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
    c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + LANES)).intoArray(c, co + 2 * ldc + LANES);
    c30.add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
    c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + LANES)).intoArray(c, co + 3 * ldc + LANES);
    c40.add(FloatVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
    c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + LANES)).intoArray(c, co + 4 * ldc + LANES);
    c50.add(FloatVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
    c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + LANES)).intoArray(c, co + 5 * ldc + LANES);
    c60.add(FloatVector.fromArray(S, c, co + 6 * ldc)).intoArray(c, co + 6 * ldc);
    c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + LANES)).intoArray(c, co + 6 * ldc + LANES);
    c70.add(FloatVector.fromArray(S, c, co + 7 * ldc)).intoArray(c, co + 7 * ldc);
    c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + LANES)).intoArray(c, co + 7 * ldc + LANES);
  }

}
