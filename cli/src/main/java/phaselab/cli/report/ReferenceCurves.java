package phaselab.cli.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The released curves of Murty et al. (ACL 2023) as statistics over seeds, shipped with phaselab
 * (resources/reference, with their origin in its README): generalisation and ID accuracy by step
 * (question 6 layers and tense 4 layers, 20 seeds; Dyck 6 layers) and tscore / tparseval by step
 * and depth (10 seeds a depth). Reports draw them behind our curves and tabulate them beside ours.
 */
final class ReferenceCurves {
  static final String CITATION = "Murty et al. 2023, released results";

  private ReferenceCurves() {}

  /** Accuracy at one step: seeds, median, 10th and 90th percentiles, fraction of seeds ≥ 0.9. */
  record Accuracy(String task, int layers, String split, long step, int seeds, double median, double p10, double p90,
      double fracAtLeast09) {}

  /** tscore (median over seeds) and tparseval (mean; NaN for Dyck) at one step and depth. */
  record Tree(String task, int layers, long step, int seeds, double tscoreMedian, double tparsevalMean) {}

  private static final List<Accuracy> ACCURACY = new ArrayList<>();
  private static final List<Tree> TREES = new ArrayList<>();

  static {
    for (String[] f : rows("murty2023-accuracy-by-step.csv")) {
      // task,layers,split,step,seeds,mean,median,p10,p90,min,max,frac_ge_0.9
      ACCURACY.add(new Accuracy(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), Integer.parseInt(f[4]),
          Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[11])));
    }
    for (String[] f : rows("murty2023-tree-projections-by-step.csv")) {
      // task,layers,step,seeds,tscore_mean,tscore_median,tparseval_mean
      TREES.add(new Tree(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[5]),
          f.length > 6 && !f[6].isEmpty() ? Double.parseDouble(f[6]) : Double.NaN));
    }
  }

  private static List<String[]> rows(String file) {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = ReferenceCurves.class.getResourceAsStream("/reference/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks /reference/" + file + "; rebuild phaselab");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // header
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          out.add(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The reference accuracy curve of a task and split ("id" or "gen"), in step order; empty if none. */
  static List<Accuracy> accuracy(String task, String split) {
    return ACCURACY.stream().filter(a -> a.task().equals(task) && a.split().equals(split)).toList();
  }

  /** The depth of the reference accuracy curves of a task, if it has any. */
  static Optional<Integer> accuracyLayers(String task) {
    return ACCURACY.stream().filter(a -> a.task().equals(task)).map(Accuracy::layers).findFirst();
  }

  /** The reference accuracy at exactly {@code step}, if the reference measured there. */
  static Optional<Accuracy> accuracyAt(String task, String split, long step) {
    return accuracy(task, split).stream().filter(a -> a.step() == step).findFirst();
  }

  /** The reference tree-projection curve of a task at a depth, in step order; empty if none. */
  static List<Tree> trees(String task, int layers) {
    return TREES.stream().filter(t -> t.task().equals(task) && t.layers() == layers).toList();
  }

  /** (step, median), (step, p10, p90) series of an accuracy curve, for charts. */
  static List<double[]> median(List<Accuracy> curve) {
    return curve.stream().map(a -> new double[] {a.step(), a.median()}).toList();
  }

  static List<double[]> band(List<Accuracy> curve) {
    return curve.stream().map(a -> new double[] {a.step(), a.p10(), a.p90()}).toList();
  }

  /** Only the points up to {@code maxStep} (so a short run's chart is not squeezed by 300k reference steps). */
  static <T> List<T> upTo(List<T> curve, long maxStep, java.util.function.ToLongFunction<T> step) {
    return curve.stream().filter(p -> step.applyAsLong(p) <= maxStep).toList();
  }
}
