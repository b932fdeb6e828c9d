package phaselab.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-tiled matrix multiply on the Vector API (the GotoBLAS/BLIS layout).
 *
 * <p>op(B) is packed, per block of {@link #KC} depth, into micro-panels of {@link #NR} columns
 * (two vectors); op(A) is packed into {@link #MR}-row panels for wide tasks and read in place
 * through a row stride and a depth stride for narrow ones, where packing would cost as much as
 * the multiply. The micro-kernel keeps an MR × NR tile of C in 16 vector
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
  /** Tasks wider than this many columns pack A; narrower ones read it in place. */
  static final int PACK_A_ABOVE = Integer.getInteger("phaselab.gemm.packabove", 16) * NR;

  private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
  private static final ThreadLocal<float[]> EDGE_A = ThreadLocal.withInitial(() -> new float[MR * KC]);
  private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
  private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);

  private VectorGemm() {}

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
      }
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
      final boolean overwrite = pc == 0 && !accumulate; // the first depth block stores instead of adding
      Parallel.forChunks(panels, 16, (j0, j1) -> packB(transB, b, bOff, n, k, p0, kc, packedB, j0, j1));
      Parallel.forEach(rowBlocks * colBlocks, task -> {
        int i0 = (task / colBlocks) * MC;
        int mc = Math.min(MC, m - i0);
        int jStart = (task % colBlocks) * NC;
        int jEnd = Math.min(n, jStart + NC);
        // Narrow tasks read A in place (op(A)[i][p] = a[ao + i·rs + p·ds]): packing would cost as
        // much as the multiply. Wide tasks pack A once into MR-row panels, which keeps the eight
        // rows' streams out of each other's cache sets when the row stride is a power of two.
        boolean pack = jEnd - jStart > PACK_A_ABOVE;
        float[] ap = PACKED_A.get();
        if (pack) {
          packA(transA, a, aOff, m, k, i0, mc, p0, kc, ap);
        }
        int rs = transA ? 1 : k;
        int ds = transA ? m : 1;
        for (int j = jStart; j < jEnd; j += NR) {
          int bo = (j / NR) * NR * kc;
          int nr = Math.min(NR, n - j);
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int co = cOff + (i0 + ir) * n + j;
            float[] src = pack ? ap : a;
            int ao = pack ? ir * kc : aOff + (i0 + ir) * rs + p0 * ds;
            int rStride = pack ? 1 : rs;
            int dStride = pack ? MR : ds;
            if (mr < MR && !pack) {
              // fewer than MR rows left: copy them into a zero-padded panel so the kernel never
              // reads past the end of A
              float[] edgeRows = EDGE_A.get();
              packRows(a, ao, rs, ds, mr, kc, edgeRows);
              src = edgeRows;
              ao = 0;
              rStride = 1;
              dStride = MR;
            }
            if (mr == MR && nr == NR) {
              kernel(kc, src, ao, rStride, dStride, packedB, bo, c, co, n, overwrite);
            } else {
              edge(kc, src, ao, rStride, dStride, packedB, bo, c, co, n, mr, nr, overwrite);
            }
          }
        }
      });
    }
  }

  /** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-row panels, zero-padded. */
  private static void packA(boolean transA, float[] a, int aOff, int m, int k, int i0, int mc, int p0, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int rows = Math.min(MR, mc - ir);
      if (rows < MR) {
        java.util.Arrays.fill(ap, ir * kc, ir * kc + MR * kc, 0f);
      }
      int ao = transA ? aOff + p0 * m + i0 + ir : aOff + (i0 + ir) * k + p0;
      int rs = transA ? 1 : k;
      int ds = transA ? m : 1;
      int base = ir * kc;
      for (int p = 0; p < kc; p++) {
        int dst = base + p * MR;
        int src = ao + p * ds;
        for (int r = 0; r < rows; r++) {
          ap[dst + r] = a[src + r * rs];
        }
      }
    }
  }

  /** Partial tile at the bottom or right edge: compute a full tile into scratch, add the valid part. */
  private static void edge(int kc, float[] a, int ao, int rs, int ds, float[] bp, int bo, float[] c, int co, int ldc, int mr, int nr,
      boolean overwrite) {
    float[] tile = EDGE_TILE.get();
    kernel(kc, a, ao, rs, ds, bp, bo, tile, 0, NR, true);
    for (int r = 0; r < mr; r++) {
      for (int q = 0; q < nr; q++) {
        c[co + r * ldc + q] = overwrite ? tile[r * NR + q] : c[co + r * ldc + q] + tile[r * NR + q];
      }
    }
  }

  /** Copies mr (< MR) rows of op(A) (element (r, p) at a[ao + r·rs + p·ds]) into a zero-padded MR-row panel. */
  private static void packRows(float[] a, int ao, int rs, int ds, int mr, int kc, float[] ap) {
    java.util.Arrays.fill(ap, 0, MR * kc, 0f);
    for (int p = 0; p < kc; p++) {
      for (int r = 0; r < mr; r++) {
        ap[p * MR + r] = a[ao + r * rs + p * ds];
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

  /**
   * C[0..8, 0..NR) (+)= A (8 × kc) · Bp (kc × NR) (stored, or added when !overwrite); 16
   * accumulators live in registers. A is read in
   * place: element (r, p) is {@code a[ao + r·rs + p·ds]}, so packed panels (rs 1, ds MR), row-major
   * rows (rs = lda, ds 1) and transposed storage (rs 1, ds = lda) all work without a copy.
   */
  static void kernel(int kc, float[] a, int ao, int rs, int ds, float[] b, int bo, float[] c, int co, int ldc, boolean overwrite) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    int a1 = ao + rs;
    int a2 = ao + 2 * rs;
    int a3 = ao + 3 * rs;
    int a4 = ao + 4 * rs;
    int a5 = ao + 5 * rs;
    int a6 = ao + 6 * rs;
    int a7 = ao + 7 * rs;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
      FloatVector av = FloatVector.broadcast(S, a[ao]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[a1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[a2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[a3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, a[a4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(S, a[a5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      av = FloatVector.broadcast(S, a[a6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      av = FloatVector.broadcast(S, a[a7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
      ao += ds;
      a1 += ds;
      a2 += ds;
      a3 += ds;
      a4 += ds;
      a5 += ds;
      a6 += ds;
      a7 += ds;
      bo += NR;
    }
    // Written out: a helper taking FloatVector arguments measured 4x slower (the vectors get boxed).
    if (!overwrite) {
      c00 = c00.add(FloatVector.fromArray(S, c, co));
      c01 = c01.add(FloatVector.fromArray(S, c, co + LANES));
      c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
      c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + LANES));
      c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
      c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + LANES));
      c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
      c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + LANES));
      c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
      c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + LANES));
      c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
      c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + LANES));
      c60 = c60.add(FloatVector.fromArray(S, c, co + 6 * ldc));
      c61 = c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + LANES));
      c70 = c70.add(FloatVector.fromArray(S, c, co + 7 * ldc));
      c71 = c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + LANES));
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + LANES);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + LANES);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + LANES);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + LANES);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + LANES);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + LANES);
    c60.intoArray(c, co + 6 * ldc);
    c61.intoArray(c, co + 6 * ldc + LANES);
    c70.intoArray(c, co + 7 * ldc);
    c71.intoArray(c, co + 7 * ldc + LANES);
  }

}
