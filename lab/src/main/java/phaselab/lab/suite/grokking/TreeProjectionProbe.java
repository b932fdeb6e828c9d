package phaselab.lab.suite.grokking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ConfigNode;
import phaselab.lab.config.ModelKind;
import phaselab.lab.config.TaskKind;
import phaselab.lab.probe.LmProbe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.ProbeSample;
import phaselab.lab.probe.ProbeSettings;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.task.LmTask;
import phaselab.lab.task.dyck.DyckTask;
import phaselab.lab.task.grammar.GrammarExample;
import phaselab.lab.task.grammar.GrammarTask;
import phaselab.lab.workload.LmWorkload;
import phaselab.lab.workload.Workload;

/**
 * tscore and tparseval (docs/research.md C.3) on the sentences Murty et al. measure: the declarative
 * inputs of training lines (their transformer_lm_sci.py reads the train split): a seeded random
 * sample ({@link ProbeSample}) of {@code sentences} of them, quest lines for question formation,
 * PRESENT and PAST lines for tense; for Dyck {@code sentences} training strings as the sampler
 * gives them, up to the model's context (and at most {@code maxWords} brackets when it is > 0;
 * the reference samples 500 of any length), where there is no gold tree and so no tparseval.
 *
 * <p>tscore = mean over sentences of the normalised SCI ({@link TreeProjection#normalisedSci}),
 * the random split at each node drawn from a stream seeded by the sentence index (the same draws
 * at every step); tscore_se is its standard error over sentences. tparseval = micro-averaged
 * bracketing F1 (every internal node of the binary trees, root included; Murty et al.'s
 * get_parsing_accuracy) of the projected trees against McCoy's binary gold trees, with the
 * right-branching tree's F1 beside it.
 */
public final class TreeProjectionProbe implements LmProbe {
  /** tscore and tparseval (with its right-branching baseline in the same chart); tscore's standard error and count in tables. */
  public static final ProbeSpec SPEC = new ProbeSpec("tree_projection", Set.of(ModelKind.DECODER),
      "measures transformer language models", new ProbeSettings<>(Settings.class, Map.of("tree_sentences", "sentences", "tree_max_words",
      "max_words"), Settings::read), List.of("tscore", "tparseval"), TreeProjectionProbe::chart,
      config -> new TreeProjectionProbe(config.probes().get(Settings.class)));

  /**
   * {@code probes.tree_projection}: {@code sentences} read (default 2,000 for the grammars, which
   * puts tscore's standard error near 0.01, and 500 for Dyck, as the reference); {@code max_words}
   * caps Dyck strings (0: up to the model's context, as the sampler gives them; runs recorded
   * before the key existed had 24). The span passes, n sequences of n + 1 tokens, make long strings costly.
   */
  public record Settings(int sentences, int maxWords) {
    static Settings read(ConfigNode n, TaskKind task) {
      return new Settings(n.integer("sentences", task == TaskKind.DYCK ? 500 : 2000, 1, 1_000_000),
          n.integer("max_words", n.absentFromOlderRun("max_words") ? 24 : 0, 0, 10_000));
    }
  }

  static String chart(String metric) {
    return switch (metric) {
      case "probe/tscore_se", "probe/tscore_sentences" -> null; // in the table: the tscore's standard error and sample size
      case "probe/tparseval_right_branching" -> "Probe: tparseval"; // the baseline beside the metric
      default -> ProbeSpec.ownChart(metric);
    };
  }

  private final int sentences;
  private final int maxWords;

  public TreeProjectionProbe(Settings settings) {
    this.sentences = settings.sentences();
    this.maxWords = settings.maxWords();
  }

  @Override
  public String name() {
    return "tree_projection";
  }

  /** A sentence as token ids, with its gold tree's spans (null for Dyck). */
  private record Sentence(int[] words, java.util.Set<List<Integer>> gold) {}

  @Override
  public Map<String, Double> measure(Workload work, ProbeContext context) {
    LmWorkload lm = LmWorkload.require(work, name());
    return measure(lm.model(), lm.task(), context.progress());
  }

  @Override
  public Map<String, Double> measure(DecoderLM model, LmTask task) {
    return measure(model, task, ProbeContext.Progress.NONE);
  }

  private Map<String, Double> measure(DecoderLM model, LmTask task, ProbeContext.Progress progress) {
    List<Sentence> list = sentences(task, model.config.maxSeq());
    if (list.isEmpty()) {
      return Map.of();
    }
    double sum = 0;
    double sumSq = 0;
    long[] proj = new long[3];
    long[] right = new long[3];
    boolean gold = list.get(0).gold() != null;
    for (int s = 0; s < list.size(); s++) {
      Sentence x = list.get(s);
      double[][] scores = TreeProjection.spanScores(model, x.words());
      TreeProjection.Projection p = TreeProjection.decode(scores);
      double t = TreeProjection.normalisedSci(scores, p, new RngStream(s, "tscore-random"));
      sum += t;
      sumSq += t * t;
      if (gold) {
        add(proj, TreeProjection.bracketCounts(p.spans(), x.gold()));
        add(right, TreeProjection.bracketCounts(TreeProjection.rightBranching(x.words().length), x.gold()));
      }
      progress.at(gold ? "sentences" : "strings", s + 1, list.size());
    }
    int n = list.size();
    double mean = sum / n;
    double var = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("tscore", mean);
    out.put("tscore_se", Math.sqrt(var / n));
    out.put("tscore_sentences", (double) n);
    if (gold) {
      out.put("tparseval", TreeProjection.f1(proj));
      out.put("tparseval_right_branching", TreeProjection.f1(right));
    }
    return out;
  }

  private List<Sentence> sentences(LmTask task, int context) {
    List<Sentence> out = new ArrayList<>();
    if (task instanceof GrammarTask g) {
      // question: the quest lines' declaratives (decl lines repeat the same kind of input); tense: PRESENT and PAST
      List<GrammarExample> train = g.trainExamples();
      java.util.function.IntPredicate eligible = g.isQuestion() ? i -> train.get(i).task().equals("quest") : i -> true;
      for (int i : ProbeSample.indices(train.size(), sentences, eligible, "tree_projection")) {
        GrammarExample e = train.get(i);
        out.add(new Sentence(e.input().stream().mapToInt(g::id).toArray(), e.tree().spans()));
      }
    } else if (task instanceof DyckTask) {
      // strings as the sampler gives them, up to the model's context (and tree_max_words when set)
      int limit = maxWords > 0 ? Math.min(maxWords, context - 2) : context - 2;
      List<int[]> train = task.train();
      for (int i : ProbeSample.indices(train.size(), sentences, j -> train.get(j).length - 2 <= limit, "tree_projection")) {
        int[] seq = train.get(i);
        out.add(new Sentence(java.util.Arrays.copyOfRange(seq, 1, seq.length - 1), null));
      }
    }
    return out;
  }

  private static void add(long[] acc, long[] c) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += c[i];
    }
  }
}
