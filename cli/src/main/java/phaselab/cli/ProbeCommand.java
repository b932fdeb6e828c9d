package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.EncoderConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.SupervisedConfig;
import phaselab.lab.config.TaskKind;
import phaselab.lab.experiment.Probes;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;
import phaselab.lab.suite.entropic.Alignment;
import phaselab.lab.suite.entropic.AlignmentDocument;
import phaselab.lab.suite.entropic.EntropicProbe;
import phaselab.lab.suite.entropic.Representations;
import phaselab.lab.suite.symmetry.NodeAnalysis;
import phaselab.lab.suite.symmetry.NodeDocument;
import phaselab.lab.suite.symmetry.NodeProbe;
import phaselab.lab.suite.symmetry.NodeReport;
import phaselab.lab.suite.symmetry.SiteFeatures;
import phaselab.lab.suite.symmetry.kanter.KanterProtocol;
import phaselab.lab.suite.symmetry.kanter.NullModels;
import phaselab.lab.workload.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab probe KIND …}: probes run on a finished (or running) run's checkpoints. */
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Measure a run's checkpoints with a probe.",
    subcommands = {ProbeCheckpoints.class, ProbeCommand.Entropic.class, ProbeCommand.Align.class, ProbeCommand.Nodes.class})
final class ProbeCommand implements Runnable {
  @Override
  public void run() {
    throw new Cli.UserError("name a probe: phaselab probe run RUN_DIR --probe NAME, phaselab probe entropic RUN_DIR, phaselab probe align RUN_A RUN_B, or phaselab probe nodes RUN_DIR");
  }

  @Command(name = "entropic", mixinStandardHelpOptions = true,
      description = "Gradient balance, charges and their drift, entropic loss and sharpness at each checkpoint "
          + "(docs/research.md B.1); writes RUN_DIR/probes/entropic.jsonl.")
  static final class Entropic implements Callable<Integer> {
    @Mixin
    RunOptions runOptions;
    @Mixin
    StepsOption steps;

    @Override
    public Integer call() throws Exception {
      OpenRun opened = runOptions.open();
      RunDir run = opened.dir();
      ExperimentConfig c = opened.config();
      EntropicProbe probe = EntropicProbe.of(c);
      var initial = Probes.initialParameters(c);
      Path out = run.path().resolve("probes").resolve("entropic.jsonl");
      Files.createDirectories(out.getParent());
      StringBuilder rows = new StringBuilder();
      for (long step : steps.of(opened)) {
        Map<String, Double> r = probe.measure(opened.at(step), Probes.context(c, step, initial));
        r.forEach((k, v) -> rows.append(RunJson.metricRow(step, k, v)));
        System.out.printf("step %d: loss %.5g, entropic loss %s, charge drift %s, sharpness %s (SGD threshold 2(1+μ)/η %s)%n", step,
            r.get("entropic/loss"), r.containsKey("entropic/entropic_loss") ? fmt(r.get("entropic/entropic_loss")) : "n/a (not SGD)",
            fmt(r.get("entropic/charge_drift")), fmt(r.get("entropic/sharpness")), fmt(r.get("entropic/stability_threshold")));
      }
      phaselab.lab.run.SafeWrite.text(out, rows.toString());
      System.out.println("wrote " + out);
      return Cli.OK;
    }
  }

  @Command(name = "align", mixinStandardHelpOptions = true,
      description = "Linear CKA and mutual k-NN between every pair of layers of two MLP runs, at each checkpoint step "
          + "both have (docs/research.md B.1); writes RUN_A/probes/align-<name of B>.json.")
  static final class Align implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_A")
    Path a;
    @Parameters(index = "1", paramLabel = "RUN_B")
    Path b;
    @Option(names = "--samples", defaultValue = "500", description = "test inputs the representations are taken on (default 500)")
    int samples;
    @Option(names = "--k", defaultValue = "10", description = "neighbours for mutual k-NN (default 10)")
    int k;
    @Mixin
    StepsOption steps;
    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
      threads.apply();
      OpenRun runA = OpenRun.of(a);
      OpenRun runB = OpenRun.of(b);
      RunDir ra = runA.dir();
      RunDir rb = runB.dir();
      ExperimentConfig ca = runA.config();
      ExperimentConfig cb = runB.config();
      if (!(ca.task() instanceof SupervisedConfig ta && cb.task() instanceof SupervisedConfig tb) || ta.kind() != tb.kind()
          || ta.valSize() != tb.valSize()) {
        throw new Cli.UserError("the runs must see the same inputs: task '" + ca.task().name() + "' vs '" + cb.task().name() + "'");
      }
      List<Long> common = new ArrayList<>(steps.of(runA));
      common.retainAll(steps.of(runB));
      if (common.isEmpty()) {
        throw new Cli.UserError("the runs share no checkpoint step; " + ra.checkpointSteps() + " vs " + rb.checkpointSteps()
            + " (raise train.keep_checkpoints to keep the history)");
      }
      if (k < 1 || samples < k + 1) {
        throw new Cli.UserError("--k must be ≥ 1 and --samples > --k");
      }
      List<AlignmentDocument.Step> rows = new ArrayList<>();
      List<String> namesA = List.of();
      List<String> namesB = List.of();
      for (long step : common) {
        List<Representations.Layer> la;
        List<Representations.Layer> lb;
        var wa = runA.at(step);
        var wb = runB.at(step);
        try {
          la = Representations.of(wa, samples);
          lb = Representations.of(wb, samples);
        } catch (IllegalArgumentException e) {
          throw new Cli.UserError(e.getMessage());
        }
        namesA = la.stream().map(Representations.Layer::name).toList();
        namesB = lb.stream().map(Representations.Layer::name).toList();
        Alignment.Matrices m = Alignment.between(la, lb, samples, k);
        double[][] cka = m.cka();
        var gap = AlignmentDocument.neuronScaleGap(wa.model(), wb.model());
        rows.add(new AlignmentDocument.Step(step, cka, m.mutualKnn(), m.debiasedCka(), m.mutualKnnReference(), m.bestMutualKnnReference(),
            gap.isEmpty() ? null : gap));
        StringBuilder line = new StringBuilder("step " + step + ": CKA (debiased) of matching layers");
        for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
          line.append(String.format(" %s %.3f (%.3f)", namesA.get(i), cka[i][i], m.debiasedCka()[i][i]));
        }
        line.append(String.format("; mutual k-NN (Huh et al.), best layer pair %.3f", m.bestMutualKnnReference()));
        gap.forEach((g, v) -> line.append(String.format("; %s twin scale gap %.3f", g, v)));
        System.out.println(line);
      }
      var doc = new AlignmentDocument(ra.path().toString(), rb.path().toString(), samples, k, namesA, namesB, rows);
      Path out = ra.path().resolve("probes").resolve("align-" + rb.path().toAbsolutePath().normalize().getFileName() + ".json");
      Files.createDirectories(out.getParent());
      phaselab.lab.run.SafeWrite.text(out, RunJson.write(doc) + "\n");
      System.out.println("wrote " + out);
      return Cli.OK;
    }
  }

  @Command(name = "nodes", mixinStandardHelpOptions = true,
      description = "Single-node symmetry breaking (docs/research.md A.1) at the initialisation and every checkpoint (or one): readout, "
          + "learned sets, order parameters, convex-hull bounds, label matrices, crossover, each beside two null models (the "
          + "label-shuffled readout at every step, the randomly initialised body once); writes RUN_DIR/probes/nodes-SITE-step-N.json, "
          + "nodes-SITE-random-body.json and one summary row per step and model to RUN_DIR/probes/nodes-SITE.jsonl.")
  static final class Nodes implements Callable<Integer> {
    @Mixin
    RunOptions runOptions;
    @Mixin
    StepsOption steps;
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
    @Option(names = "--no-controls", description = "skip the null models")
    boolean noControls;
    @Option(names = "--protocol", paramLabel = "kanter|argmax",
        description = "kanter: the Kanter group's recipe (bias-free readout, zero silencing, thresholded field matrices, three null "
            + "distributions); argmax: phaselab's own (default: the config's probes.protocol)")
    String protocol;
    @Option(names = "--threshold", defaultValue = "0.3", description = "kanter: field-matrix threshold (default 0.3)")
    double threshold;
    @Option(names = "--permutations", defaultValue = "50", description = "kanter: label-permutation draws (default 50)")
    int permutations;
    @Option(names = "--rotations", defaultValue = "20", description = "kanter: rotation draws (default 20)")
    int rotations;
    @Option(names = "--epochs", defaultValue = "30", description = "kanter: epochs of the fitted bias-free readout (default 30)")
    int epochs;

    @Override
    public Integer call() throws Exception {
      OpenRun opened = runOptions.open();
      RunDir run = opened.dir();
      ExperimentConfig c = opened.config();
      var p = c.probes().get(NodeProbe.Settings.class);
      String at = site != null ? site : p.site();
      if (at.equals("auto")) {
        at = c.task().kind() == TaskKind.MLM ? "mlm" : c.model() instanceof phaselab.lab.config.MlpConfig ? "hidden"
            : c.model() instanceof phaselab.lab.config.CnnConfig ? "filters" : "classifier";
      }
      String how = readout != null ? readout : p.readout();
      String proto = protocol != null ? protocol : p.protocol();
      if (!List.of("kanter", "argmax").contains(proto)) {
        throw new Cli.UserError("--protocol must be kanter or argmax, got '" + proto + "'");
      }
      if (proto.equals("kanter")) {
        return kanter(opened, c, at, how);
      }
      if (silence != null && !List.of("zero", "mean").contains(silence)) {
        throw new Cli.UserError("--silence must be zero or mean, got '" + silence + "'");
      }
      boolean mean = silence != null ? silence.equals("mean") : p.meanSilencing();
      NodeAnalysis analysis = new NodeAnalysis(minRecall != null ? minRecall : p.minRecall(), mean, head, 32, draws, c.seed(), true);
      int rows = limit != null ? limit : p.limit();
      Path probes = run.path().resolve("probes");
      Files.createDirectories(probes);
      // "-1.z" → "m1.z"; zero silencing and a fitted readout on an output site get files of their own
      String tag = at.replace("-", "m").replaceAll("[^A-Za-z0-9.]", "_") + (mean ? "" : "-zero") + (how.equals("fitted") ? "-fitted" : "");
      StringBuilder jsonl = new StringBuilder();
      if (!noControls) {
        NodeReport random = measure(analysis, randomBody(run, c), at, how, rows);
        new NodeDocument(run.path().toString(), 0, "randomly initialised body and classifier (same seed, no checkpoint, no pre-training): "
            + "the symmetric phase", random, null).write(probes.resolve("nodes-" + tag + "-random-body.json"));
        random.summary().metrics().forEach((k, v) -> jsonl.append(RunJson.metricRow(0, "nodes_random_body/" + k, v)));
        print("random body", random.summary());
      }
      List<Long> measured = steps.of(opened);
      for (long step : measured) {
        Workload w = opened.at(step);
        NodeReport r = measure(analysis, w, at, how, rows);
        r.summary().metrics().forEach((k, v) -> jsonl.append(RunJson.metricRow(step, "nodes/" + k, v)));
        print("step " + step, r.summary());
        NodeReport shuffled = null;
        if (!noControls) {
          shuffled = measure(analysis.shuffled(), w, at, how, rows);
          shuffled.summary().metrics().forEach((k, v) -> jsonl.append(RunJson.metricRow(step, "nodes_shuffled/" + k, v)));
          print("  shuffled labels", shuffled.summary());
        }
        new NodeDocument(run.path().toString(), step, null, r, shuffled).write(probes.resolve(String.format("nodes-%s-step-%06d.json", tag, step)));
      }
      Path out = probes.resolve("nodes-" + tag + ".jsonl");
      phaselab.lab.run.SafeWrite.text(out, jsonl.toString());
      System.out.println("wrote " + out + " and " + measured.size() + " nodes-" + tag + "-step-*.json");
      return Cli.OK;
    }

    /** The Kanter recipe at every requested step: probes/kanter-SITE-step-N.json and one summary row per statistic. */
    private int kanter(OpenRun opened, ExperimentConfig c, String at, String how) throws Exception {
      RunDir run = opened.dir();
      int rows = limit != null ? limit : c.probes().get(NodeProbe.Settings.class).limit();
      KanterProtocol protocol = new KanterProtocol(threshold, epochs, noControls ? 0 : permutations, noControls ? 0 : rotations, draws,
          c.seed());
      Path probes = run.path().resolve("probes");
      Files.createDirectories(probes);
      String tag = at.replace("-", "m").replaceAll("[^A-Za-z0-9.]", "_") + (how.equals("fitted") ? "-fitted" : "");
      SiteFeatures random = noControls ? null : features(randomBody(run, c), at, how, rows);
      StringBuilder jsonl = new StringBuilder();
      List<Long> measured = steps.of(opened);
      for (long step : measured) {
        KanterProtocol.Document d;
        try {
          d = protocol.measure(features(opened.at(step), at, how, rows), random);
        } catch (IllegalArgumentException e) {
          throw new Cli.UserError(e.getMessage());
        }
        d.trained().forEach((k, v) -> jsonl.append(RunJson.metricRow(step, "kanter/" + k, v)));
        phaselab.lab.run.SafeWrite.text(probes.resolve(String.format("kanter-%s-step-%06d.json", tag, step)), RunJson.write(d) + "\n");
        System.out.printf("step %d: accuracy %.4f; node labels %.2f (empty %.2f), clusters %.2f, noise %.2f, accuracy %.4f (bound %.4f)%s%n",
            step, d.trained().get("accuracy_all"), d.trained().get("node_labels"), d.trained().get("node_empty"),
            d.trained().get("node_clusters"), d.trained().get("node_noise"), d.trained().get("node_accuracy"), d.trained().get("node_bound"),
            d.trained().containsKey("head_labels") ? String.format("; head labels %.2f", d.trained().get("head_labels")) : "");
        d.nulls().forEach((name, ranges) -> {
          NullModels.Range r = ranges.get("node_labels");
          if (r != null) {
            System.out.printf("  %s: node labels in [%.2f, %.2f] over %d draws%n", name, r.lo(), r.hi(), r.draws());
          }
        });
        System.out.println("  beyond every null: " + d.beyondEveryNull().entrySet().stream().filter(java.util.Map.Entry::getValue)
            .map(java.util.Map.Entry::getKey).toList());
      }
      Path out = probes.resolve("kanter-" + tag + ".jsonl");
      phaselab.lab.run.SafeWrite.text(out, jsonl.toString());
      System.out.println("wrote " + out + " and " + measured.size() + " kanter-" + tag + "-step-*.json");
      return Cli.OK;
    }

    private SiteFeatures features(Workload w, String at, String how, int rows) {
      try {
        return SiteFeatures.extract(w, at, how, rows, topTokens);
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(e.getMessage());
      }
    }

    private NodeReport measure(NodeAnalysis analysis, Workload w, String at, String how, int rows) {
      try {
        return analysis.run(SiteFeatures.extract(w, at, how, rows, topTokens));
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(e.getMessage());
      }
    }


    private static void print(String what, NodeReport.Summary sum) {
      System.out.printf("%s: accuracy all nodes %.4f; single node %.4f, |L| %.2f (bound %.2f, observed range %.2f), coverage %.2f, Jaccard %.3f%s%n",
          what, sum.accuracyAll(), sum.nodeAccuracyMean(), sum.nodeLearnedMean(), sum.nodeBoundSizeMean(), sum.nodeBoundObservedSizeMean(),
          sum.nodeCoverage(), sum.nodeJaccard(), sum.headLearnedMean() != null
              ? String.format("; head |L| %.2f, Jaccard %.3f", sum.headLearnedMean(), sum.headJaccard()) : "");
    }
  }

  /** The run's model as initialised from its seed alone: no checkpoint and, for fine-tuning runs, no pre-trained body. */
  static Workload randomBody(RunDir run, ExperimentConfig c) {
    try {
      // an imported model directory keeps giving the shape and vocabulary; a pre-training run is dropped
      ExperimentConfig fresh = !(c.model() instanceof EncoderConfig e) || e.initFrom().isEmpty() ? c
          : ConfigLoader.loadResolved(run.config(), c.name(), List.of(
              phaselab.lab.pretrained.PretrainedBert.isModelDir(java.nio.file.Path.of(e.initFrom())) ? "model.init_weights=false"
                  : "model.init_from="));
      return Workloads.create(fresh);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  static String fmt(Double v) {
    return v == null ? "n/a" : String.format("%.4g", v);
  }
}
