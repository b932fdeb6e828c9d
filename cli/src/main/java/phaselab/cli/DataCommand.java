package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Tasks;
import phaselab.lab.task.LmTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phaselab data TASK --out DIR}: writes a generated data set as text files;
 * {@code phaselab data fetch} fills the data cache; {@code phaselab data corpus --out DIR} builds the
 * pre-training corpus and its WordPiece vocabulary.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "dyck|question|tense: write a generated data set as text: train.txt, val.txt (in-distribution) and gen.txt "
        + "(generalisation), one example a line; for question and tense also train.trees, val.trees and gen.trees. "
        + "fetch: put the third-party files (FewRel, SemEval, WikiText-2, npm texts) into ~/.cache/phaselab/data, verified, from "
        + "--from DIR or their public origins. corpus: build the pre-training corpus (corpus.txt, manifest.json) and its WordPiece "
        + "vocabulary (vocab.txt) in --out DIR.")
final class DataCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TASK", description = "dyck, question, tense, fetch or corpus")
  String task;
  @Option(names = "--out", paramLabel = "DIR")
  Path out;
  @Option(names = "--from", paramLabel = "DIR", description = "fetch/corpus: a local copy of the data folder (e.g. ../shared/data)")
  Path from;
  @Option(names = "--vocab-size", defaultValue = "8192", description = "corpus: WordPiece vocabulary size (default 8192)")
  int vocabSize;
  @Option(names = "--test-fraction", defaultValue = "0.2", description = "corpus: FewRel test share held out of the corpus (default 0.2)")
  double testFraction;
  @Option(names = "--split-seed", defaultValue = "1", description = "corpus: seed of the FewRel train/test split (default 1)")
  long splitSeed;
  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "task options, e.g. --set task.k=4 --set task.train_size=1000")
  List<String> overrides = new ArrayList<>();
  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (task.equals("fetch") || task.equals("corpus")) {
      return TextData.run(task, out, from, vocabSize, testFraction, splitSeed);
    }
    if (out == null) {
      throw new Cli.UserError("phaselab data " + task + " needs --out DIR");
    }
    List<String> all = new ArrayList<>();
    all.add("task.name=" + task);
    all.add("seed=" + seed);
    all.addAll(overrides);
    ExperimentConfig c;
    try {
      c = ConfigLoader.parse("{}", task, all, "phaselab data");
    } catch (ConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    LmTask t = Tasks.create(c);
    Files.createDirectories(out);
    Map<String, List<int[]>> files = new LinkedHashMap<>();
    files.put("train.txt", t.train());
    files.put("val.txt", t.evalSets().get("id"));
    files.put("gen.txt", t.evalSets().get("ood"));
    for (var e : files.entrySet()) {
      List<String> lines = new ArrayList<>(e.getValue().size());
      e.getValue().forEach(s -> lines.add(t.formatLine(s)));
      phaselab.lab.run.SafeWrite.lines(out.resolve(e.getKey()), lines);
      System.out.printf("%s: %d lines%n", out.resolve(e.getKey()), lines.size());
    }
    if (t instanceof phaselab.lab.task.grammar.GrammarTask g) {
      Map<String, List<phaselab.lab.task.grammar.GrammarExample>> trees = new LinkedHashMap<>();
      trees.put("train.trees", g.trainExamples());
      trees.put("val.trees", g.evalExamples().get("id"));
      trees.put("gen.trees", g.evalExamples().get("ood"));
      for (var e : trees.entrySet()) {
        phaselab.lab.run.SafeWrite.lines(out.resolve(e.getKey()), e.getValue().stream().map(x -> x.tree().toString()).toList());
        System.out.printf("%s: %d trees%n", out.resolve(e.getKey()), e.getValue().size());
      }
    }
    return Cli.OK;
  }
}
