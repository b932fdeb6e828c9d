package phaselab.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import phaselab.engine.nn.FeedForward;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.MlpConfig;
import phaselab.lab.config.TeacherConfig;
import phaselab.lab.stats.ExponentialFit;
import phaselab.lab.stats.Quantiles;

/**
 * Sweep section: how the norm ratio ρ = ln(‖W₁‖²/‖W₂‖²) of a two-layer linear net relaxes to its
 * SGD fixed point, measured against the prediction of docs/entropic-forces.md ("The endpoint and
 * relaxation time of balance"): ρ → ln(d_in/d_out), with time constant
 * τ = B·d_out(d_in + d_out)/(8η²σ²d_in) steps, σ² the residual variance per output (the training
 * MSE once the fit has settled). τ is fitted per run (an exponential with free plateau, from the
 * end of the fitting transient); slopes of ln τ against ln η and ln B come with 95% intervals.
 */
final class RelaxationReport {
  private RelaxationReport() {}

  /** The fitting transient is over once the training MSE is within this factor of its late median. */
  static final double SETTLED = 1.1;
  /** … and the fit starts once ρ is within this of its median over the last fifth of the run. */
  static final double NEAR = 0.5;

  /** One run's measurement beside its prediction. */
  record Fit(String id, double lr, int batch, long seed, double sigma2, long start, ExponentialFit.Result fit, double predictedTau,
      double predictedRatio, double lateRatio) {}

  /** The section, or "" when no run probed norm_balance. */
  static String section(List<SweepReportWriter.Run> runs, Path charts) throws IOException {
    List<Fit> fits = new ArrayList<>();
    for (SweepReportWriter.Run r : runs) {
      Fit f = fit(r);
      if (f != null) {
        fits.add(f);
      }
    }
    if (fits.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<h2>Relaxation of the norm ratio to the SGD fixed point</h2>\n<p>ρ = ln(‖W₁‖²/‖W₂‖²) from the "
        + "norm_balance probe. Prediction (two-layer linear net, isotropic inputs, MSE over d_out outputs, plain SGD): ρ → ln(d_in/d_out) "
        + "with τ = B·d_out(d_in + d_out)/(8η²σ²d_in) steps, σ² the training MSE after the fit settled (median over the second half). "
        + "τ is fitted per run (exponential with free plateau) from the first probe after the training MSE came within ×" + SETTLED
        + " of that median at which ρ is within " + NEAR + " of its median over the last fifth of the run (the linearised regime); "
        + "\"unresolved\" when the fit finds no time constant inside the window.</p>\n");
    Map<String, List<double[]>> scatter = new TreeMap<>();
    // grid points in numeric order of (B, η)
    fits.sort(java.util.Comparator.comparingInt(Fit::batch).thenComparingDouble(Fit::lr));
    Map<String, List<Fit>> points = new java.util.LinkedHashMap<>();
    for (Fit f : fits) {
      String key = String.format("B=%d, η=%.4g", f.batch(), f.lr());
      points.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      if (f.fit().resolved() && f.predictedTau() > 0) {
        scatter.computeIfAbsent("B=" + f.batch(), k -> new ArrayList<>())
            .add(new double[] {Math.log10(f.predictedTau()), Math.log10(f.fit().tau())});
      }
    }
    double lo = scatter.values().stream().flatMap(List::stream).mapToDouble(p -> Math.min(p[0], p[1])).min().orElse(0);
    double hi = scatter.values().stream().flatMap(List::stream).mapToDouble(p -> Math.max(p[0], p[1])).max().orElse(1);
    if (!scatter.isEmpty()) {
      JFreeChart chart = Charts.points("Fitted vs predicted relaxation time (log-log)", "log10 predicted τ (steps)", "log10 fitted τ (steps)",
          scatter);
      Charts.addLine(chart, "measured = predicted", new double[][] {{lo, lo}, {hi, hi}});
      Charts.write(chart, charts.resolve("relaxation_time"));
      html.append("<figure>").append(Charts.svg(chart)).append("<figcaption>One point per run (resolved fits); the line is equality"
          + "</figcaption></figure>\n");
    }
    html.append(slopes(fits));
    html.append("<table><tr><th>B, η</th><th>seeds</th><th>resolved</th><th>predicted τ (median)</th><th>fitted τ median</th>"
        + "<th>min–max</th><th>fitted / predicted</th><th>plateau e^ρ∞ (median)</th><th>late ratio (median)</th><th>d_in/d_out</th></tr>\n");
    points.forEach((key, list) -> {
      List<Double> taus = list.stream().filter(f -> f.fit().resolved()).map(f -> f.fit().tau()).toList();
      double pred = median(list.stream().map(Fit::predictedTau).toList());
      double fitted = median(taus);
      html.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%.0f</td><td>%.0f</td><td>%.0f–%.0f</td><td>%.2f</td>"
          + "<td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n", key, list.size(), taus.size(), pred, fitted,
          taus.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), taus.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
          fitted / pred, median(list.stream().map(f -> Math.exp(f.fit().plateau())).toList()),
          median(list.stream().map(Fit::lateRatio).toList()), list.get(0).predictedRatio()));
    });
    html.append("</table>\n<table><tr><th>run</th><th>σ²</th><th>fit from step</th><th>fitted τ</th><th>predicted τ</th><th>R²</th></tr>\n");
    for (Fit f : fits) {
      html.append(String.format("<tr><td>%s</td><td>%.4f</td><td>%d</td><td>%s</td><td>%.0f</td><td>%.3f</td></tr>%n", f.id(), f.sigma2(), f.start(),
          f.fit().resolved() ? String.format("%.0f", f.fit().tau()) : "unresolved", f.predictedTau(), f.fit().r2()));
    }
    return html.append("</table>\n").toString();
  }

  /** ln τ against ln η at each batch size, and against ln B at each η, with 95% intervals (normal, ±1.96 SE). */
  static String slopes(List<Fit> fits) {
    StringBuilder s = new StringBuilder("<p>Slopes of ln(fitted τ) over resolved runs: ");
    Map<Integer, List<double[]>> byBatch = new TreeMap<>();
    Map<Double, List<double[]>> byLr = new TreeMap<>();
    for (Fit f : fits) {
      if (f.fit().resolved()) {
        byBatch.computeIfAbsent(f.batch(), k -> new ArrayList<>()).add(new double[] {Math.log(f.lr()), Math.log(f.fit().tau())});
        byLr.computeIfAbsent(f.lr(), k -> new ArrayList<>()).add(new double[] {Math.log(f.batch()), Math.log(f.fit().tau())});
      }
    }
    byBatch.forEach((b, pts) -> s.append(slopeText("η at B = " + b, pts, -2)));
    byLr.forEach((lr, pts) -> s.append(slopeText(String.format("B at η = %.4g", lr), pts, 1)));
    return s.append("</p>\n").toString();
  }

  private static String slopeText(String what, List<double[]> pts, double predicted) {
    if (pts.stream().mapToDouble(p -> p[0]).distinct().count() < 2) {
      return "";
    }
    double[] ls = leastSquares(pts);
    return String.format("in %s %.2f ± %.2f (n = %d, predicted %+.0f); ", what, ls[0], 1.96 * ls[1], pts.size(), predicted);
  }

  /** {slope, its standard error} of the least-squares line y = a + b·x. */
  static double[] leastSquares(List<double[]> pts) {
    int n = pts.size();
    double b = EntropicReport.slope(pts);
    double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    double sxx = pts.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
    double rss = pts.stream().mapToDouble(p -> Math.pow(p[1] - my - b * (p[0] - mx), 2)).sum();
    return new double[] {b, n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Double.NaN};
  }

  /** The fit of one run; null when it has no norm-ratio series or too few settled points. */
  static Fit fit(SweepReportWriter.Run r) {
    List<double[]> rho = r.series().entrySet().stream().filter(e -> e.getKey().matches("probe/norm_balance/layers\\.0\\|1/log_norm_ratio"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    List<double[]> loss = r.series().get("eval/train/loss");
    if (rho == null || loss == null || loss.isEmpty()) {
      return null;
    }
    long last = (long) loss.get(loss.size() - 1)[0];
    double sigma2 = median(loss.stream().filter(p -> p[0] >= last / 2.0).map(p -> p[1]).toList());
    long settled = (long) loss.stream().filter(p -> p[1] <= SETTLED * sigma2).mapToDouble(p -> p[0]).min().orElse(last);
    // the exponential is the linearised relaxation: fit where ρ is within NEAR of its late value
    double lateRho = median(rho.stream().filter(p -> p[0] >= 0.8 * last).map(p -> p[1]).toList());
    long start = (long) rho.stream().filter(p -> p[0] >= settled && Math.abs(p[1] - lateRho) <= NEAR).mapToDouble(p -> p[0]).min()
        .orElse(settled);
    List<double[]> window = rho.stream().filter(p -> p[0] >= start && Double.isFinite(p[1])).toList();
    if (window.size() < 4) {
      return null;
    }
    double[] t = window.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = window.stream().mapToDouble(p -> p[1]).toArray();
    ExponentialFit.Result fit = ExponentialFit.fit(t, y);
    double late = Math.exp(lateRho);
    ExperimentConfig c = r.config();
    double[] prediction = predict(c, sigma2);
    return new Fit(r.id(), c.optimizer().lr(), c.train().batchSize(), r.seed(), sigma2, start, fit, prediction[0], prediction[1], late);
  }

  /**
   * {τ, d_in/d_out} for a two-layer bias-free linear net on the teacher task under plain SGD
   * (no momentum, weight decay or clipping); NaNs where the derivation does not apply.
   */
  static double[] predict(ExperimentConfig c, double sigma2) {
    var o = c.optimizer();
    boolean applies = c.task() instanceof TeacherConfig && c.model() instanceof MlpConfig m && m.hidden().size() == 1
        && m.activation() == FeedForward.Activation.IDENTITY && !m.bias() && o.name() == ExperimentConfig.OptimizerConfig.Kind.SGD
        && o.momentum() == 0 && o.weightDecay() == 0 && o.clip() == 0 && !c.train().fullBatch();
    if (!applies) {
      return new double[] {Double.NaN, Double.NaN};
    }
    TeacherConfig t = (TeacherConfig) c.task();
    double dIn = t.inputDim();
    double dOut = t.outputDim();
    double tau = c.train().batchSize() * dOut * (dIn + dOut) / (8 * o.lr() * o.lr() * sigma2 * dIn);
    return new double[] {tau, dIn / dOut};
  }

  private static double median(List<Double> v) {
    return Quantiles.linear(v.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray(), 0.5);
  }
}
