package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.engine.io.Json;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.entropic.Alignment;
import phaselab.lab.probe.entropic.EntropicProbe;
import phaselab.lab.probe.entropic.Representations;
import phaselab.lab.probe.nodes.NodeAnalysis;
import phaselab.lab.probe.nodes.SiteFeatures;
import phaselab.lab.run.RunDir;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.train.Workload;
import phaselab.lab.train.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab probe KIND …}: probes run on a finished (or running) run's checkpoints. */
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Measure a run's checkpoints with a probe.",
    subcommands = {ProbeCommand.Entropic.class, ProbeCommand.Align.class, ProbeCommand.Nodes.class})
final class ProbeCommand implements Runnable {
  @Override
  public void run() {
    throw new Cli.UserError("name a probe: phaselab probe entropic RUN_DIR, phaselab probe align RUN_A RUN_B, or phaselab probe nodes RUN_DIR");
  }

  /** A run's workload with the parameters of checkpoint {@code step} (step 0 without a checkpoint: the initialisation). */
  static Workload load(RunDir run, ExperimentConfig c, long step) {
    try {
      Workload w = Workloads.create(c);
      if (step == 0 && !run.checkpointSteps().contains(0L)) {
        return w; // the initialisation is a pure function of the seed
      }
      Checkpoint.loadParams(run.checkpoint(step), w.model().namedParameters());
      return w;
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  static List<Long> steps(RunDir run, Long only) {
    List<Long> steps = new ArrayList<>(run.checkpointSteps());
    if (steps.isEmpty()) {
      throw new Cli.UserError("'" + run.path() + "' has no checkpoints yet; train or resume it first");
    }
    if (only != null) {
      if (!steps.contains(only) && only != 0) {
        throw new Cli.UserError("no checkpoint for step " + only + " in " + run.checkpoints() + "; available: " + steps);
      }
      return List.of(only);
    }
    if (!steps.contains(0L)) {
      steps.add(0L); // the initialisation, rebuilt from the seed
    }
    steps.sort(null);
    return steps;
  }

  @Command(name = "entropic", mixinStandardHelpOptions = true,
      description = "Gradient balance, charges and their drift, entropic loss and sharpness at each checkpoint "
          + "(RESEARCH.md B.1); writes RUN_DIR/probes/entropic.jsonl.")
  static final class Entropic implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path dir;
    @Option(names = "--checkpoint", paramLabel = "STEP", description = "one checkpoint step (default: the initialisation and every checkpoint)")
    Long checkpoint;
    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Override
    public Integer call() throws Exception {
      Cli.threads(threads);
      RunDir run = new RunDir(dir);
      ExperimentConfig c = Cli.runConfig(run);
      EntropicProbe probe = EntropicProbe.from(c);
      probe.setInitial(Workloads.create(c).model().namedParameters());
      Path out = run.path().resolve("probes").resolve("entropic.jsonl");
      Files.createDirectories(out.getParent());
      StringBuilder rows = new StringBuilder();
      for (long step : steps(run, checkpoint)) {
        Map<String, Double> r = probe.measure(load(run, c, step), step);
        r.forEach((k, v) -> rows.append(metricRow(step, k, v)));
        System.out.printf("step %d: loss %.5g, entropic loss %s, charge drift %s, sharpness %s (SGD threshold 2(1+μ)/η %s)%n", step,
            r.get("entropic/loss"), r.containsKey("entropic/entropic_loss") ? fmt(r.get("entropic/entropic_loss")) : "n/a (not SGD)",
            fmt(r.get("entropic/charge_drift")), fmt(r.get("entropic/sharpness")), fmt(r.get("entropic/stability_threshold")));
      }
      Files.writeString(out, rows.toString());
      System.out.println("wrote " + out);
      return Cli.OK;
    }
  }

  @Command(name = "align", mixinStandardHelpOptions = true,
      description = "Linear CKA and mutual k-NN between every pair of layers of two MLP runs, at each checkpoint step "
          + "both have (RESEARCH.md B.1); writes RUN_A/probes/align-<name of B>.json.")
  static final class Align implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_A")
    Path a;
    @Parameters(index = "1", paramLabel = "RUN_B")
    Path b;
    @Option(names = "--samples", defaultValue = "500", description = "test inputs the representations are taken on (default 500)")
    int samples;
    @Option(names = "--k", defaultValue = "10", description = "neighbours for mutual k-NN (default 10)")
    int k;
    @Option(names = "--checkpoint", paramLabel = "STEP", description = "one common step (default: the initialisation and every common step)")
    Long checkpoint;
    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Override
    public Integer call() throws Exception {
      Cli.threads(threads);
      RunDir ra = new RunDir(a);
      RunDir rb = new RunDir(b);
      ExperimentConfig ca = Cli.runConfig(ra);
      ExperimentConfig cb = Cli.runConfig(rb);
      if (!ca.task().name().equals(cb.task().name()) || ca.task().valSize() != cb.task().valSize()) {
        throw new Cli.UserError("the runs must see the same inputs: task '" + ca.task().name() + "' vs '" + cb.task().name() + "'");
      }
      List<Long> common = new ArrayList<>(steps(ra, checkpoint));
      common.retainAll(steps(rb, checkpoint));
      if (common.isEmpty()) {
        throw new Cli.UserError("the runs share no checkpoint step; " + ra.checkpointSteps() + " vs " + rb.checkpointSteps()
            + " (raise train.keep_checkpoints to keep the history)");
      }
      if (k < 1 || samples < k + 1) {
        throw new Cli.UserError("--k must be ≥ 1 and --samples > --k");
      }
      List<Object> rows = new ArrayList<>();
      List<String> namesA = List.of();
      List<String> namesB = List.of();
      for (long step : common) {
        List<Representations.Layer> la;
        List<Representations.Layer> lb;
        try {
          la = Representations.of(load(ra, ca, step), samples);
          lb = Representations.of(load(rb, cb, step), samples);
        } catch (IllegalArgumentException e) {
          throw new Cli.UserError(e.getMessage());
        }
        namesA = la.stream().map(Representations.Layer::name).toList();
        namesB = lb.stream().map(Representations.Layer::name).toList();
        double[][] cka = new double[la.size()][lb.size()];
        double[][] knn = new double[la.size()][lb.size()];
        List<double[]> gramB = lb.stream().map(l -> Alignment.centredGram(l.values(), samples, l.width())).toList();
        List<int[][]> nnB = lb.stream().map(l -> Alignment.neighbours(l.values(), samples, l.width(), k)).toList();
        for (int i = 0; i < la.size(); i++) {
          var x = la.get(i);
          double[] gram = Alignment.centredGram(x.values(), samples, x.width());
          int[][] nn = Alignment.neighbours(x.values(), samples, x.width(), k);
          for (int j = 0; j < lb.size(); j++) {
            cka[i][j] = Alignment.cka(gram, gramB.get(j));
            knn[i][j] = Alignment.mutualKnn(nn, nnB.get(j));
          }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("cka", lists(cka));
        row.put("mutual_knn", lists(knn));
        rows.add(row);
        StringBuilder line = new StringBuilder("step " + step + ": CKA of matching layers");
        for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
          line.append(String.format(" %s %.3f", namesA.get(i), cka[i][i]));
        }
        System.out.println(line);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("run_a", ra.path().toString());
      doc.put("run_b", rb.path().toString());
      doc.put("samples", samples);
      doc.put("k", k);
      doc.put("layers_a", namesA);
      doc.put("layers_b", namesB);
      doc.put("steps", rows);
      Path out = ra.path().resolve("probes").resolve("align-" + rb.path().toAbsolutePath().normalize().getFileName() + ".json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, Json.write(doc) + "\n");
      System.out.println("wrote " + out);
      return Cli.OK;
    }
  }

  @Command(name = "nodes", mixinStandardHelpOptions = true,
      description = "Single-node symmetry breaking (RESEARCH.md A.1) at the initialisation and every checkpoint (or one): readout, "
          + "learned sets, order parameters, convex-hull bounds, label matrices, crossover, each beside two null models (the "
          + "label-shuffled readout at every step, the randomly initialised body once); writes RUN_DIR/probes/nodes-SITE-step-N.json, "
          + "nodes-SITE-random-body.json and one summary row per step and model to RUN_DIR/probes/nodes-SITE.jsonl.")
  static final class Nodes implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path dir;
    @Option(names = "--checkpoint", paramLabel = "STEP", split = ",",
        description = "steps, comma-separated (default: the initialisation and every checkpoint)")
    List<Long> checkpoint;
    @Option(names = "--site", paramLabel = "NAME",
        description = "classifier, mlm, L.z, L.out, L.ffn (L a block, -1 = last) or auto (default: the config's probes.site)")
    String site;
    @Option(names = "--readout", paramLabel = "auto|model|fitted", description = "the model's output layer or a fitted regression (default: the config's)")
    String readout;
    @Option(names = "--silence", paramLabel = "zero|mean", description = "silenced nodes contribute 0 or their mean (default: the config's)")
    String silence;
    @Option(names = "--min-recall", paramLabel = "R", description = "learned-set recall threshold (default: the config's, 0 = 2/K)")
    Double minRecall;
    @Option(names = "--head", defaultValue = "0", description = "head whose nodes form the node crossover pool (default 0)")
    int head;
    @Option(names = "--draws", defaultValue = "8", description = "random subsets per size in the crossover (default 8)")
    int draws;
    @Option(names = "--limit", paramLabel = "N", description = "examples read per split (default: the config's probes.nodes_limit)")
    Integer limit;
    @Option(names = "--top-tokens", defaultValue = "100", description = "MLM runs: the most frequent target tokens reported (default 100)")
    int topTokens;
    @Option(names = "--no-controls", description = "skip the two null models (halves the time)")
    boolean noControls;
    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Override
    public Integer call() throws Exception {
      Cli.threads(threads);
      RunDir run = new RunDir(dir);
      ExperimentConfig c = Cli.runConfig(run);
      var p = c.probes();
      String at = site != null ? site : p.site();
      if (at.equals("auto")) {
        at = c.task().name().equals("mlm") ? "mlm" : "classifier";
      }
      String how = readout != null ? readout : p.readout();
      if (silence != null && !List.of("zero", "mean").contains(silence)) {
        throw new Cli.UserError("--silence must be zero or mean, got '" + silence + "'");
      }
      boolean mean = silence != null ? silence.equals("mean") : p.meanSilencing();
      NodeAnalysis analysis = new NodeAnalysis(minRecall != null ? minRecall : p.minRecall(), mean, head, 32, draws, c.seed(), true);
      int rows = limit != null ? limit : p.nodesLimit();
      Path probes = run.path().resolve("probes");
      Files.createDirectories(probes);
      // "-1.z" → "m1.z"; zero silencing and a fitted readout on an output site get files of their own
      String tag = at.replace("-", "m").replaceAll("[^A-Za-z0-9.]", "_") + (mean ? "" : "-zero") + (how.equals("fitted") ? "-fitted" : "");
      StringBuilder jsonl = new StringBuilder();
      if (!noControls) {
        Map<String, Object> random = measure(analysis, randomBody(run, c), at, how, rows);
        Map<String, Object> doc = document(run, 0, random);
        doc.put("model", "randomly initialised body and classifier (same seed, no checkpoint, no pre-training): the symmetric phase");
        Files.writeString(probes.resolve("nodes-" + tag + "-random-body.json"), Json.write(doc) + "\n");
        NodeAnalysis.summary(random).forEach((k, v) -> jsonl.append(metricRow(0, "nodes_random_body/" + k, v)));
        print("random body", NodeAnalysis.summary(random));
      }
      List<Long> steps = new ArrayList<>();
      if (checkpoint == null) {
        steps.addAll(steps(run, null));
      } else {
        for (long one : checkpoint) {
          steps.addAll(steps(run, one));
        }
      }
      for (long step : steps) {
        Workload w = load(run, c, step);
        Map<String, Object> r = measure(analysis, w, at, how, rows);
        Map<String, Object> doc = document(run, step, r);
        NodeAnalysis.summary(r).forEach((k, v) -> jsonl.append(metricRow(step, "nodes/" + k, v)));
        print("step " + step, NodeAnalysis.summary(r));
        if (!noControls) {
          Map<String, Object> shuffled = measure(analysis.shuffled(), w, at, how, rows);
          doc.put("shuffled", shuffled);
          NodeAnalysis.summary(shuffled).forEach((k, v) -> jsonl.append(metricRow(step, "nodes_shuffled/" + k, v)));
          print("  shuffled labels", NodeAnalysis.summary(shuffled));
        }
        Files.writeString(probes.resolve(String.format("nodes-%s-step-%06d.json", tag, step)), Json.write(doc) + "\n");
      }
      Path out = probes.resolve("nodes-" + tag + ".jsonl");
      Files.writeString(out, jsonl.toString());
      System.out.println("wrote " + out + " and " + steps.size() + " nodes-" + tag + "-step-*.json");
      return Cli.OK;
    }

    private Map<String, Object> measure(NodeAnalysis analysis, Workload w, String at, String how, int rows) {
      try {
        return analysis.run(SiteFeatures.extract(w, at, how, rows, topTokens));
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(e.getMessage());
      }
    }

    private static Map<String, Object> document(RunDir run, long step, Map<String, Object> r) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("run", run.path().toString());
      doc.put("step", step);
      doc.putAll(r);
      return doc;
    }

    private static void print(String what, Map<String, Double> sum) {
      System.out.printf("%s: accuracy all nodes %.4f; single node %.4f, |L| %.2f (bound %.2f, observed range %.2f), coverage %.2f, Jaccard %.3f%s%n",
          what, sum.get("accuracy_all"), sum.get("node_accuracy_mean"), sum.get("node_learned_mean"), sum.get("node_bound_size_mean"),
          sum.get("node_bound_observed_size_mean"), sum.get("node_coverage"), sum.get("node_jaccard"), sum.containsKey("head_learned_mean")
              ? String.format("; head |L| %.2f, Jaccard %.3f", sum.get("head_learned_mean"), sum.get("head_jaccard")) : "");
    }
  }

  /** The run's model as initialised from its seed alone: no checkpoint and, for fine-tuning runs, no pre-trained body. */
  static Workload randomBody(RunDir run, ExperimentConfig c) {
    try {
      ExperimentConfig fresh = c.model().initFrom().isEmpty() ? c
          : ConfigLoader.parse(Files.readString(run.config()), c.name(), List.of("model.init_from="), run.config().toString());
      return Workloads.create(fresh);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  /** One line of the probe's .jsonl, in the {step, metric, value} form of metrics.jsonl. */
  static String metricRow(long step, String metric, double value) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("metric", metric);
    row.put("value", value);
    return Json.write(row) + "\n";
  }

  static List<List<Double>> lists(double[][] m) {
    List<List<Double>> out = new ArrayList<>();
    for (double[] r : m) {
      out.add(java.util.Arrays.stream(r).boxed().toList());
    }
    return out;
  }

  static String fmt(Double v) {
    return v == null ? "n/a" : String.format("%.4g", v);
  }
}
