package phaselab.lab.config;

/**
 * Question formation or tense inflection (docs/research.md C.1, McCoy et al.): training,
 * in-distribution and generalisation set sizes (defaults 100k / 1k / 10k), max_len bounding the
 * whole line in tokens, data_dir: McCoy-format files to read instead of the generator (empty:
 * generate), and distribution: what the generator draws from.
 */
public record GrammarConfig(TaskKind kind, int trainSize, int valSize, int oodSize, int maxLen, String dataDir,
    Distribution distribution) implements TaskConfig {
  /**
   * published: the distribution of McCoy et al.'s published files, which the reference trained
   * and evaluated on (template frequencies fitted to them; docs/structural-grokking.md); grammar:
   * the rule probabilities of their grammar files (cfgs/question.gr, cfgs/tense.gr).
   */
  public enum Distribution { PUBLISHED, GRAMMAR }

  public GrammarConfig {
    if (kind != TaskKind.QUESTION && kind != TaskKind.TENSE) {
      throw new IllegalArgumentException("a grammar task is question or tense, not " + kind);
    }
  }

  /** True for question formation, false for tense inflection. */
  public boolean question() {
    return kind == TaskKind.QUESTION;
  }

  static GrammarConfig from(ConfigNode n, TaskKind kind) {
    int train = n.integer("train_size", 100_000, 1, 50_000_000);
    int val = n.integer("val_size", 1_000, 1, 10_000_000);
    int ood = n.integer("ood_size", 10_000, 1, 10_000_000);
    int maxLen = n.integer("max_len", 46, 4, 100_000);
    String dataDir = n.string("data_dir", "");
    // run directories written before the key existed trained on the grammar's probabilities
    Distribution def = n.absentFromOlderRun("distribution") ? Distribution.GRAMMAR : Distribution.PUBLISHED;
    Distribution distribution = n.choice("distribution", def);
    return new GrammarConfig(kind, train, val, ood, maxLen, dataDir, distribution);
  }
}
