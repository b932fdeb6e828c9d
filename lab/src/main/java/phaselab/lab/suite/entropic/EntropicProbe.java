package phaselab.lab.suite.entropic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigNode;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.TaskKind;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.ProbeSettings;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.stats.Quantiles;
import phaselab.lab.workload.Workload;

/**
 * The quantities of docs/research.md B.1 on a fixed probe set of training examples (chosen once from
 * the "probe" stream of the seed), from one pass of per-example gradients g_i = ∇ℓ_i:
 *
 * <ul>
 *   <li>loss L = mean ℓ_i, ‖∇L‖² (unbiased: {@link SgdEnergy}), and for SGD the modified loss
 *       φ = L + (η_eff/4)(‖∇L‖² + tr Σ / B) with its two terms, η_eff = η/(1 − μ) (for AdamW the
 *       formula does not apply and only {@code entropic_loss_applicable} = 0 is written);
 *   <li>per weight matrix W: ‖W‖², ‖∇_W L‖², the mean per-example energy mean‖g_i,W‖², the
 *       gradient-noise trace tr Σ_W = mean‖g_i,W‖² − ‖∇_W L‖², and the expected minibatch
 *       energy ‖∇_W L‖² + tr Σ_W / B at the run's batch size B (ours: the unbiased stand-in for
 *       "minibatch ‖∇W L‖²" that does not depend on which batch the probe happened to see);
 *   <li>per symmetry group ({@link Symmetries}): the charges ‖in‖² − ‖out‖², their drift from
 *       initialisation, and the balance ratio at the run's batch size B, balance_minibatch =
 *       E‖∇_in L_B‖² / E‖∇_out L_B‖² (the charge moves by η²(‖g_in^B‖² − ‖g_out^B‖²) a step, so this
 *       is what SGD equalises), 1 at balance; beside it the per-example ratio (B = 1) and the ratios
 *       of ‖∇L‖² and of tr Σ alone;
 *   <li>sharpness: the top-k and bottom-k Hessian eigenvalues by Lanczos ({@link Lanczos}), its
 *       iterations and residual, a Hutchinson trace sample, and for SGD the stability threshold
 *       2(1 + μ)/η.
 * </ul>
 *
 * Drift (ours): for one pair |C(t) − C(0)| / (‖in(0)‖² + ‖out(0)‖²); for a group of pairs
 * Σ|C_m(t) − C_m(0)| / Σ(‖in_m(0)‖² + ‖out_m(0)‖²), so it is 0 when conserved and O(1) when the
 * norms have been redistributed. "charge_drift" alone is the largest drift over the layer groups.
 */
public final class EntropicProbe implements Probe {
  /** Balance, charges, the modified loss and sharpness, grouped into the charts of docs/entropic-forces.md. */
  public static final ProbeSpec SPEC = new ProbeSpec("entropic", Set.of(), "",
      new ProbeSettings<>(Settings.class, Map.of("samples", "samples", "sharpness_iterations", "sharpness_iterations", "sharpness_k",
          "sharpness_k", "sharpness_tol", "sharpness_tol", "balance_batch", "balance_batch"), Settings::read),
      List.of("entropic/"), EntropicProbe::chart, EntropicProbe::of);

  /** The probe with the settings of {@code config}'s probes.entropic section and its model's homogeneity. */
  public static EntropicProbe of(ExperimentConfig config) {
    return new EntropicProbe(config.probes().get(Settings.class), config.model().homogeneous());
  }

  /** The chart group of an entropic metric, or null when it belongs only in the table (the per-tensor numbers). */
  public static String chart(String m) {
    if (m.endsWith("/balance_minibatch") || m.endsWith("/log_balance_median")) {
      return "Entropic: balance ratio at the run's batch size, log10 (0 = balanced; layers, and the median neuron or head)";
    } else if (m.endsWith("charge_drift")) {
      return "Entropic: charge drift from initialisation";
    } else if (m.equals(ProbeSpec.PREFIX + "entropic/loss") || m.equals(ProbeSpec.PREFIX + "entropic/entropic_loss")) {
      return "Entropic: loss L and SGD's modified loss L + (η_eff/4)(‖∇L‖² + tr Σ/B)";
    } else if (m.endsWith("/entropic_loss_gd_term") || m.endsWith("/entropic_loss_noise_term")) {
      return "Entropic: the two terms of the modified loss, (η_eff/4)‖∇L‖² and (η_eff/4) tr Σ/B";
    } else if (m.endsWith("/sharpness") || m.endsWith("/stability_threshold")) {
      return "Entropic: sharpness (top Hessian eigenvalue, Lanczos) vs SGD's threshold 2(1 + μ)/η";
    } else if (m.endsWith("/balanced_fraction")) {
      return "Entropic: fraction of neurons or heads balanced within ×2";
    } else if (m.endsWith("/weight_sq")) {
      return "Entropic: ‖W‖² per weight matrix";
    } else if (m.endsWith("/minibatch_grad_sq")) {
      return "Entropic: expected minibatch ‖∇W L‖² per weight matrix";
    }
    return null;
  }

  private final Settings settings;
  private final boolean homogeneous;
  private Map<String, float[]> initial;
  private int[] probeSet;

  /** {@code homogeneous}: the activation is positively homogeneous (ReLU, identity), which decides the symmetry groups. */
  public EntropicProbe(Settings settings, boolean homogeneous) {
    this.settings = settings;
    this.homogeneous = homogeneous;
  }

  /**
   * {@code probes.entropic}: samples (the probe set), sharpness_iterations (0: no sharpness),
   * sharpness_k and sharpness_tol (Lanczos: at most sharpness_iterations HVPs, stopping at a
   * relative residual sharpness_tol of the top eigenvalue; sharpness_k eigenvalues at each end of
   * the spectrum); balance_batch (0: the run's own) is the batch size B at which minibatch gradient
   * energies and balance are evaluated, so a full-batch GD run can be read at the B of the SGD run
   * it is compared with.
   */
  public record Settings(int samples, int sharpnessIterations, int sharpnessK, double sharpnessTol, int balanceBatch) {
    static Settings read(ConfigNode n, TaskKind task) {
      return new Settings(n.integer("samples", 256, 2, 1_000_000), n.integer("sharpness_iterations", 30, 0, 10_000),
          n.integer("sharpness_k", 2, 1, 100), n.number("sharpness_tol", 1e-3, 1e-12, 1.0), n.integer("balance_batch", 0, 0, 1 << 24));
    }
  }

  @Override
  public String name() {
    return "entropic";
  }

  @Override
  public Map<String, Double> measure(Workload work, ProbeContext context) {
    Map<String, Tensor> params = work.model().namedParameters();
    if (initial == null) {
      // the initialisation is a pure function of the seed: a resumed run rebuilds it
      initial = context.step() == 0 ? snapshot(params) : snapshot(context.initialParameters().get());
    }
    int[] probe = probeSet(work.trainSize(), context);
    List<SymmetryGroup> groups = Symmetries.of(work.model(), homogeneous);
    PerExampleGradients g = PerExampleGradients.measure(work, probe, groups);
    Map<String, float[]> values = new LinkedHashMap<>();
    params.forEach((k, t) -> values.put(k, t.data));
    double lr = context.lr();
    boolean sgd = context.sgd();
    double momentum = context.momentum();
    // batch 0: full-batch gradient descent, whose steps carry no sampling noise
    int ownBatch = context.fullBatch() ? 0 : context.batchSize();
    // the B at which energies and balance are read (GD checkpoints at the SGD run's B)
    int batch = settings.balanceBatch() > 0 ? settings.balanceBatch() : ownBatch;
    int n = probe.length;
    int population = work.trainSize(); // the probe set: n distinct training examples

    Map<String, Double> out = new LinkedHashMap<>();
    String p = "entropic/";
    double totalSampleSq = g.sampleSq().values().stream().mapToDouble(Double::doubleValue).sum();
    SgdEnergy.Moments total = SgdEnergy.of(g.meanGradSq(), totalSampleSq, n, population);
    out.put(p + "loss", g.loss());
    out.put(p + "grad_sq", total.gradSq());
    out.put(p + "grad_sq_probe", g.meanGradSq());
    out.put(p + "noise_trace", total.traceSigma());
    out.put(p + "minibatch_grad_sq", total.minibatch(batch));
    // Nesterov's modified loss is not the heavy ball's, and AdamW has none of this form
    boolean modified = sgd && !context.nesterov();
    if (modified) {
      SgdEnergy.ModifiedLoss phi = SgdEnergy.modifiedLoss(g.loss(), total, lr, momentum, ownBatch);
      out.put(p + "entropic_loss", phi.phi());
      out.put(p + "entropic_loss_gd_term", phi.gdTerm());
      out.put(p + "entropic_loss_noise_term", phi.noiseTerm());
      out.put(p + "effective_lr", phi.effectiveLr());
    }
    out.put(p + "entropic_loss_applicable", modified ? 1.0 : 0.0);
    out.put(p + "balance_batch", (double) batch);
    // 0 when momentum, weight decay or clipping changes the update: the charge then does not move
    // by exactly η²(‖g_in‖² − ‖g_out‖²), and its drift is not the entropic force alone
    out.put(p + "charge_identity_exact", context.chargeIdentityExact() ? 1.0 : 0.0);
    out.put(p + "lr", lr);
    for (var e : params.entrySet()) {
      if (e.getValue().rank() != 2) {
        continue;
      }
      String k = e.getKey();
      String q = p + "param/" + k + "/";
      Slice all = Slice.all(k, e.getValue().size());
      double ss = g.sampleSq().get(k);
      SgdEnergy.Moments mo = SgdEnergy.of(all.squaredNormD(g.mean()), ss, n, population);
      out.put(q + "weight_sq", all.squaredNorm(values));
      out.put(q + "grad_sq", mo.gradSq());
      out.put(q + "sample_grad_sq", ss);
      out.put(q + "noise_trace", mo.traceSigma());
      out.put(q + "minibatch_grad_sq", mo.minibatch(batch));
    }
    double maxLayerDrift = 0;
    boolean anyLayer = false;
    for (SymmetryGroup grp : groups) {
      GroupStats s = GroupStats.of(grp, values, initial, g, n, population, batch);
      String q = p + grp.name() + "/";
      out.put(q + "charge_drift", s.drift());
      if (grp.kind().equals("scale")) {
        SymmetryPair pair = grp.pairs().get(0);
        double dot = 0;
        for (Slice sl : pair.in()) {
          float[] w = values.get(sl.param());
          double[] gm = g.mean().get(sl.param());
          for (int i : sl.index()) {
            dot += w[i] * gm[i];
          }
        }
        double wn = Math.sqrt(pair.inSq(values));
        double gn = Math.sqrt(pair.inSqD(g.mean()));
        out.put(q + "norm_sq", s.charge()[0]);
        out.put(q + "scale_defect", wn == 0 || gn == 0 ? 0 : Math.abs(dot) / (wn * gn));
      } else if (grp.pairs().size() == 1) {
        out.put(q + "charge", s.charge()[0]);
        out.put(q + "charge_init", s.chargeInit()[0]);
        out.put(q + "balance_minibatch", s.minibatchRatio()[0]);
        out.put(q + "balance_per_example", s.sampleRatio()[0]);
        out.put(q + "balance_grad", s.gradRatio()[0]);
        out.put(q + "balance_noise", s.noiseRatio()[0]);
      } else {
        // a dead ReLU unit (no incoming and no outgoing gradient on the probe set) has no balance
        // ratio: it is counted apart, not sorted in as NaN (which made the ≥ 90 % criterion unreachable)
        double[] logs = IntStream.range(0, s.dead().length).filter(i -> !s.dead()[i]).mapToDouble(i -> Math.log10(s.minibatchRatio()[i]))
            .filter(Double::isFinite).sorted().toArray();
        out.put(q + "dead_units", (double) IntStream.range(0, s.dead().length).filter(i -> s.dead()[i]).count());
        out.put(q + "measured_units", (double) logs.length);
        out.put(q + "log_balance_q25", Quantiles.linear(logs, 0.25));
        out.put(q + "log_balance_median", Quantiles.linear(logs, 0.5));
        out.put(q + "log_balance_q75", Quantiles.linear(logs, 0.75));
        out.put(q + "balanced_fraction", logs.length == 0 ? Double.NaN
            : Arrays.stream(logs).filter(x -> Math.abs(x) <= Math.log10(2)).count() / (double) logs.length);
        double[] perExample = IntStream.range(0, s.dead().length).filter(i -> !s.dead()[i])
            .mapToDouble(i -> Math.log10(s.sampleRatio()[i])).filter(Double::isFinite).sorted().toArray();
        out.put(q + "log_balance_per_example_median", Quantiles.linear(perExample, 0.5));
        out.put(q + "mean_abs_charge", Arrays.stream(s.charge()).map(Math::abs).average().orElse(Double.NaN));
      }
      if (grp.kind().equals("layer")) {
        anyLayer = true;
        maxLayerDrift = Math.max(maxLayerDrift, s.drift());
      }
    }
    if (anyLayer) {
      out.put(p + "charge_drift", maxLayerDrift);
    }
    if (settings.sharpnessIterations() > 0) {
      ParamVector theta = new ParamVector(params);
      float[] at = theta.values();
      Sharpness.Gradient grad = x -> {
        theta.set(x);
        work.model().zeroGrad();
        Tape.backward(work.loss(probe, Dropout.EVAL));
        return theta.gradients();
      };
      try {
        Lanczos.Result r = Sharpness.lanczos(grad, at, settings.sharpnessK(), settings.sharpnessIterations(), settings.sharpnessTol(),
            context.stream("sharpness"), Sharpness.EPS);
        out.put(p + "sharpness", r.largest());
        for (int i = 0; i < r.top().length; i++) {
          out.put(p + "hessian_top" + (i + 1), r.top()[i]);
          out.put(p + "hessian_bottom" + (i + 1), r.bottom()[i]);
          // 1 when the value's own Ritz residual met the bound, 0 when the iteration limit came first
          out.put(p + "hessian_top" + (i + 1) + "_converged", r.topConverged(i) ? 1.0 : 0.0);
          out.put(p + "hessian_bottom" + (i + 1) + "_converged", r.bottomConverged(i) ? 1.0 : 0.0);
        }
        out.put(p + "sharpness_iterations", (double) r.iterations());
        out.put(p + "sharpness_residual", r.residual());
        out.put(p + "hessian_trace_hutchinson", r.traceEstimate());
      } finally {
        theta.set(at);
      }
      if (sgd) {
        // the step size at which GD (heavy ball: 2(1 + μ)/η) stops being stable along the top
        // eigenvector; Adam's threshold depends on its preconditioner, so none is written for it
        out.put(p + "stability_threshold", lr > 0 ? 2 * (1 + momentum) / lr : Double.POSITIVE_INFINITY);
      }
    }
    work.model().zeroGrad();
    return out;
  }

  private int[] probeSet(int n, ProbeContext context) {
    if (probeSet == null) {
      int[] all = java.util.stream.IntStream.range(0, n).toArray();
      context.stream("probe").shuffle(all);
      probeSet = Arrays.copyOf(all, Math.min(n, settings.samples()));
    }
    return probeSet;
  }


  private static Map<String, float[]> snapshot(Map<String, Tensor> params) {
    Map<String, float[]> m = new LinkedHashMap<>();
    params.forEach((k, t) -> m.put(k, t.data.clone()));
    return m;
  }

  /** Charges and balance ratios of the pairs of one group ({@code batch} 0: full batch). */
  record GroupStats(double[] charge, double[] chargeInit, double drift, double[] minibatchRatio, double[] sampleRatio, double[] gradRatio,
      double[] noiseRatio, boolean[] dead) {
    static GroupStats of(SymmetryGroup grp, Map<String, float[]> now, Map<String, float[]> init, PerExampleGradients g, int n,
        int population, int batch) {
      int m = grp.pairs().size();
      double[] c = new double[m];
      double[] c0 = new double[m];
      double[] mr = new double[m];
      double[] sr = new double[m];
      double[] gr = new double[m];
      double[] nr = new double[m];
      boolean[] dead = new boolean[m];
      double driftNum = 0;
      double driftDen = 0;
      List<double[]> energies = g.pairEnergies(grp);
      for (int i = 0; i < m; i++) {
        SymmetryPair pair = grp.pairs().get(i);
        c[i] = pair.charge(now);
        double in0 = pair.inSq(init);
        double out0 = pair.outSq(init);
        c0[i] = in0 - out0;
        driftNum += Math.abs(c[i] - c0[i]);
        driftDen += in0 + out0;
        double[] e = energies.get(i); // sample in, sample out
        dead[i] = e[0] == 0 && e[1] == 0;
        SgdEnergy.Moments in = SgdEnergy.of(pair.inSqD(g.mean()), e[0], n, population);
        SgdEnergy.Moments out = SgdEnergy.of(pair.outSqD(g.mean()), e[1], n, population);
        double mbOut = out.minibatch(batch);
        mr[i] = e[1] == 0 || mbOut == 0 ? Double.NaN : in.minibatch(batch) / mbOut; // one-sided (scale) groups have no balance
        sr[i] = e[1] == 0 ? Double.NaN : e[0] / e[1];
        gr[i] = out.gradSq() == 0 ? Double.NaN : in.gradSq() / out.gradSq();
        nr[i] = out.traceSigma() == 0 ? Double.NaN : in.traceSigma() / out.traceSigma();
      }
      return new GroupStats(c, c0, driftDen == 0 ? 0 : driftNum / driftDen, mr, sr, gr, nr, dead);
    }
  }
}
