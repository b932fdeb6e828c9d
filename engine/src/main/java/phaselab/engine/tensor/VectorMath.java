package phaselab.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and lane sums built from plain IEEE add and multiply only, in vector and scalar
 * forms that give identical bits.
 *
 * <p>Why not {@code lanewise(EXP)} and {@code reduceLanes(ADD)}: HotSpot runs the Vector API
 * in Java fallback code until C2 compiles it, then switches to intrinsics (SVML exp, a different
 * reduction order). The switch happens at a moment that depends on background compilation, so a
 * run could change its bits mid-way. Arithmetic of our own is the same in every tier.
 *
 * <p>exp follows Cephes {@code expf}: n = round(x·log₂e), r = x − n·ln2 (in two parts), a degree-6
 * polynomial for eʳ, times 2ⁿ built in the exponent bits. Relative error ≈ 2e-7 on
 * [−87.3, 88.3]; below −87.3 the result is 0 (so −∞ scores give exactly zero attention).
 */
final class VectorMath {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float MAGIC = 12582912f; // 1.5·2²³: adding it rounds to an integer
  private static final float LO = -87.3f;
  private static final float HI = 88.3f;
  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  private VectorMath() {}

  static FloatVector exp(FloatVector x) {
    var under = x.compare(VectorOperators.LT, LO);
    FloatVector c = x.max(LO).min(HI);
    FloatVector t = c.mul(LOG2E).add(MAGIC);
    FloatVector n = t.sub(MAGIC);
    FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
    FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
    FloatVector y = p.mul(r).mul(r).add(r).add(1f);
    FloatVector scale = t.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(scale).blend(0f, under);
  }

  static float exp(float x) {
    if (x < LO) {
      return 0f;
    }
    float c = Math.min(Math.max(x, LO), HI);
    float t = c * LOG2E + MAGIC;
    float n = t - MAGIC;
    float r = c - n * LN2_HI - n * LN2_LO;
    float p = ((((r * P0 + P1) * r + P2) * r + P3) * r + P4) * r + P5;
    float y = p * r * r + r + 1f;
    float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - (0x4B400000 - 127)) << 23);
    return y * scale;
  }

  /** tanh(u) = 1 − 2/(e^{2u} + 1); saturates to ±1. */
  // Φ(x) = ½·erfc(−x/√2), with erfc(z) = t·exp(−z² + P(t)), t = 2/(2+z), z ≥ 0 (Numerical Recipes
  // §6.2, erfcc: relative error < 1.2e-7 for every z ≥ 0, so the tails stay accurate too).
  private static final float INV_SQRT2 = 0.70710678118654752f;
  private static final float INV_SQRT_2PI = 0.39894228040143268f;
  private static final float[] ERFC = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f, 0.27886807f,
      -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

  /** The standard normal CDF Φ(x) (the exact GELU's gate), relative error ≈ 2e-7. */
  static FloatVector normalCdf(FloatVector x) {
    FloatVector z = x.abs().mul(INV_SQRT2);
    FloatVector t = z.broadcast(2f).div(z.add(2f));
    FloatVector p = t.broadcast(ERFC[9]);
    for (int k = 8; k >= 1; k--) {
      p = p.mul(t).add(ERFC[k]);
    }
    FloatVector half = exp(z.mul(z).neg().add(ERFC[0]).add(t.mul(p))).mul(t).mul(0.5f); // ½·erfc(|x|/√2)
    return half.neg().add(1f).blend(half, x.compare(VectorOperators.LT, 0f));
  }

  static float normalCdf(float x) {
    float z = Math.abs(x) * INV_SQRT2;
    float t = 2f / (z + 2f);
    float p = ERFC[9];
    for (int k = 8; k >= 1; k--) {
      p = p * t + ERFC[k];
    }
    float half = exp(-(z * z) + ERFC[0] + t * p) * t * 0.5f;
    return x < 0f ? half : -half + 1f;
  }

  /** The standard normal density φ(x) = exp(−x²/2)/√(2π). */
  static FloatVector normalPdf(FloatVector x) {
    return exp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
  }

  static float normalPdf(float x) {
    return exp(x * x * -0.5f) * INV_SQRT_2PI;
  }

  static FloatVector tanh(FloatVector u) {
    FloatVector e = exp(u.mul(2f));
    return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
  }

  static float tanh(float u) {
    float e = exp(2f * u);
    return 1f - 2f / (e + 1f);
  }

  /** Σ lanes in lane order, from lanes already stored (the kernels' way: no vector escapes). */
  static float sumLanes(float[] lanes) {
    float s = 0f;
    for (float lane : lanes) {
      s += lane;
    }
    return s;
  }
}
