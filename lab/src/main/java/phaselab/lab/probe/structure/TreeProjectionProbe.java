package phaselab.lab.probe.structure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.nn.DecoderLM;
import phaselab.engine.rng.RngStream;
import phaselab.lab.probe.LmProbe;
import phaselab.lab.task.LmTask;
import phaselab.lab.task.grammar.GrammarExample;
import phaselab.lab.task.grammar.GrammarTask;

/**
 * tscore and tparseval (RESEARCH.md C.3) on the declarative inputs of the first {@code sentences}
 * "id" examples of a grammar task:
 * tscore = mean over sentences of [SCI(projected tree) − SCI(random splits)], the random splits
 * drawn from a stream seeded per sentence index (the same baseline at every step);
 * tparseval = micro-averaged bracketing F1 (spans of ≥ 2 words, root included) of the projected
 * trees against the gold trees, with the right-branching baseline beside it.
 */
public final class TreeProjectionProbe implements LmProbe {
  private final int sentences;

  public TreeProjectionProbe(int sentences) {
    this.sentences = sentences;
  }

  @Override
  public String name() {
    return "tree_projection";
  }

  @Override
  public Map<String, Double> measure(DecoderLM model, LmTask task) {
    if (!(task instanceof GrammarTask g)) {
      return Map.of(); // needs gold trees: question formation or tense inflection
    }
    List<GrammarExample> examples = g.evalExamples().get("id");
    examples = examples.subList(0, Math.min(sentences, examples.size()));
    double tscore = 0;
    long[] proj = new long[3];
    long[] right = new long[3];
    for (int s = 0; s < examples.size(); s++) {
      GrammarExample e = examples.get(s);
      int[] words = e.input().stream().mapToInt(g::id).toArray();
      double[][] scores = TreeProjection.spanScores(model, words);
      TreeProjection.Projection p = TreeProjection.decode(scores);
      TreeProjection.Projection r = TreeProjection.random(scores, new RngStream(s, "tscore-random"));
      tscore += p.sci() - r.sci();
      var gold = e.tree().spans();
      add(proj, TreeProjection.bracketCounts(p.spans(), gold));
      add(right, TreeProjection.bracketCounts(TreeProjection.rightBranching(words.length), gold));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("tscore", examples.isEmpty() ? 0 : tscore / examples.size());
    out.put("tparseval", TreeProjection.f1(proj));
    out.put("tparseval_right_branching", TreeProjection.f1(right));
    return out;
  }

  private static void add(long[] acc, long[] c) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += c[i];
    }
  }
}
