package phaselab.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;

/** Update rules against hand-computed values (the formulas of the Javadoc), state round trips. */
class OptimizerTest {
  private static Map<String, Tensor> params(float w, float b, float gw, float gb) {
    Tensor wt = Tensor.parameter("w", 1, 1);
    wt.data[0] = w;
    wt.gradOrCreate()[0] = gw;
    Tensor bt = Tensor.parameter("b", 1);
    bt.data[0] = b;
    bt.gradOrCreate()[0] = gb;
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", wt);
    m.put("b", bt);
    return m;
  }

  @Test
  void adamwTwoStepsByHand() {
    Map<String, Tensor> p = params(1f, 1f, 0.5f, 0.5f);
    AdamW opt = new AdamW(p, 0.9f, 0.999f, 1e-8f, 0.1f, Optimizer.decayMatrices(p));
    opt.step(0.01f);
    // step 1: m̂ = g, v̂ = g², update = lr·g/|g| = lr; the matrix also decays by lr·λ
    assertThat(p.get("w").data[0]).isCloseTo(1f * (1 - 0.001f) - 0.01f, offset(1e-6f));
    assertThat(p.get("b").data[0]).isCloseTo(1f - 0.01f, offset(1e-6f));
    p.get("w").gradOrCreate()[0] = -1f;
    opt.step(0.01f);
    double m = 0.9 * 0.05 + 0.1 * -1;
    double v = 0.999 * 0.00025 + 0.001 * 1;
    double upd = 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
    double w1 = (1 - 0.001) - 0.01;
    assertThat((double) p.get("w").data[0]).isCloseTo(w1 * (1 - 0.001) - upd, offset(1e-6));
  }

  /** Two parameters of odd sizes (vector body and scalar tail), seeded weights and gradients of norm well above 1. */
  private static Map<String, Tensor> randomParams(long seed) {
    var rng = new phaselab.engine.rng.RngStream(seed, "fused-clip");
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int[] shape : new int[][] {{37, 29}, {53}}) {
      Tensor t = Tensor.parameter("p" + m.size(), shape);
      float[] g = t.gradOrCreate();
      for (int i = 0; i < t.size(); i++) {
        t.data[i] = rng.nextFloat() - 0.5f;
        g[i] = 3 * (rng.nextFloat() - 0.5f);
      }
      m.put(t.name(), t);
    }
    return m;
  }

  /** Clipping's scale applied inside the update gives the bits of scaling the gradients first, for every optimizer. */
  @Test
  void clippingInsideTheUpdateIsBitIdenticalToScalingFirst() {
    List<java.util.function.Function<Map<String, Tensor>, Optimizer>> optimizers = List.of(
        p -> new AdamW(p, 0.9f, 0.999f, 1e-7f, 0.01f, Optimizer.decayMatrices(p)),
        p -> new Sgd(p, 0.9f, false, 5e-4f, Optimizer.decayMatrices(p)),
        p -> new Sgd(p, 0.9f, true, 0f, n -> true),
        p -> new Sgd(p, 0f, false, 0f, n -> true));
    for (double maxNorm : new double[] {1.0, 1e6, 0}) { // clipping, a bound never reached, clipping off
      for (var make : optimizers) {
        Map<String, Tensor> scaled = randomParams(1);
        Map<String, Tensor> fused = randomParams(1);
        Optimizer a = make.apply(scaled);
        Optimizer b = make.apply(fused);
        for (int step = 0; step < 3; step++) {
          double norm = GradClip.clip(scaled.values(), maxNorm);
          a.step(0.01f);
          double fusedNorm = GradClip.globalNorm(fused.values());
          b.step(0.01f, GradClip.factor(fusedNorm, maxNorm));
          assertThat(fusedNorm).isEqualTo(norm);
          for (String k : scaled.keySet()) {
            assertThat(fused.get(k).data).as("%s, max norm %s, step %d", a.getClass().getSimpleName(), maxNorm, step)
                .isEqualTo(scaled.get(k).data);
          }
          // the next step's gradients: the same fresh values on both sides (scaling changed 'scaled's)
          Map<String, Tensor> next = randomParams(10 + step);
          for (String k : scaled.keySet()) {
            System.arraycopy(next.get(k).grad(), 0, scaled.get(k).grad(), 0, next.get(k).size());
            System.arraycopy(next.get(k).grad(), 0, fused.get(k).grad(), 0, next.get(k).size());
          }
        }
      }
    }
    assertThat(GradClip.factor(4.0, 1.0)).isEqualTo((float) (1.0 / (4.0 + 1e-6)));
    assertThat(GradClip.factor(0.5, 1.0)).isEqualTo(1f);
    assertThat(GradClip.factor(4.0, 0)).isEqualTo(1f);
  }

  @Test
  void sgdMomentumAndNesterovByHand() {
    Map<String, Tensor> p = params(1f, 1f, 1f, 1f);
    Sgd heavy = new Sgd(p, 0.9f, false, 0f, n -> true);
    heavy.step(0.1f); // b = g = 1 → w = 0.9
    heavy.step(0.1f); // b = 0.9 + 1 = 1.9 → w = 0.71
    assertThat(p.get("w").data[0]).isCloseTo(0.71f, offset(1e-6f));
    Map<String, Tensor> q = params(1f, 1f, 1f, 1f);
    Sgd nest = new Sgd(q, 0.9f, true, 0f, n -> true);
    nest.step(0.1f); // b = 1, g' = 1 + 0.9 = 1.9 → 0.81
    nest.step(0.1f); // b = 1.9, g' = 1 + 1.71 = 2.71 → 0.539
    assertThat(q.get("w").data[0]).isCloseTo(0.539f, offset(1e-6f));
    Map<String, Tensor> r = params(2f, 2f, 0f, 0f);
    new Sgd(r, 0f, false, 0.5f, Optimizer.decayMatrices(r)).step(0.1f); // decay matrices only
    assertThat(r.get("w").data[0]).isCloseTo(1.9f, offset(1e-6f));
    assertThat(r.get("b").data[0]).isEqualTo(2f);
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    Map<String, Tensor> a = params(1f, -1f, 0.3f, -0.2f);
    AdamW oa = new AdamW(a, 0.9f, 0.99f, 1e-6f, 0.01f, n -> true);
    oa.step(0.1f);
    Map<String, Tensor> b = params(a.get("w").data[0], a.get("b").data[0], 0.3f, -0.2f);
    AdamW ob = new AdamW(b, 0.9f, 0.99f, 1e-6f, 0.01f, n -> true);
    ob.loadState(oa.state());
    oa.step(0.1f);
    ob.step(0.1f);
    assertThat(b.get("w").data[0]).isEqualTo(a.get("w").data[0]);
    assertThat(ob.steps()).isEqualTo(2);
    assertThatThrownBy(() -> ob.loadState(Map.of("step", new float[2]))).hasMessageContaining("lacks 'exp_avg.w'");
  }

  @Test
  void schedulesAndClipping() {
    Schedule lin = Schedule.linearWarmupDecay(1f, 4, 12);
    assertThat(lin.lr(0)).isEqualTo(0.25f);
    assertThat(lin.lr(3)).isEqualTo(1f);
    assertThat(lin.lr(8)).isEqualTo(0.5f);
    assertThat(lin.lr(12)).isEqualTo(0f);
    Schedule cos = Schedule.cosine(1f, 0, 10, 0.1f);
    assertThat(cos.lr(0)).isEqualTo(1f);
    assertThat(cos.lr(5)).isCloseTo(0.55f, offset(1e-6f));
    assertThat(cos.lr(10)).isEqualTo(0.1f);
    assertThat(Schedule.constant(0.3f).lr(99)).isEqualTo(0.3f);
    Map<String, Tensor> p = params(0f, 0f, 3f, 4f);
    double norm = GradClip.clip(List.copyOf(p.values()), 1.0);
    assertThat(norm).isCloseTo(5.0, offset(1e-9));
    assertThat(GradClip.globalNorm(List.copyOf(p.values()))).isCloseTo(1.0, offset(1e-5));
  }
}
