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
  static FloatVector tanh(FloatVector u) {
    FloatVector e = exp(u.mul(2f));
    return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
  }

  static float tanh(float u) {
    float e = exp(2f * u);
    return 1f - 2f / (e + 1f);
  }

  /** Σ lanes in lane order. */
  static float sum(FloatVector v) {
    float s = 0f;
    for (int i = 0; i < S.length(); i++) {
      s += v.lane(i);
    }
    return s;
  }
}
