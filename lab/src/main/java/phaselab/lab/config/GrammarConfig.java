package phaselab.lab.config;

/**
 * Question formation or tense inflection (RESEARCH.md C.1, McCoy et al.): training,
 * in-distribution and generalisation set sizes (defaults 100k / 1k / 10k), max_len bounding the
 * whole line in tokens, and data_dir: McCoy-format files to read instead of the generator (empty:
 * generate).
 */
public record GrammarConfig(TaskKind kind, int trainSize, int valSize, int oodSize, int maxLen, String dataDir) implements TaskConfig {
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
    return new GrammarConfig(kind, train, val, ood, maxLen, dataDir);
  }
}
