package phaselab.lab.config;

/**
 * Dyck-(k, m) language modelling (docs/research.md C.1): k bracket types, nesting depth at most m,
 * strings of at most max_len tokens; training, in-distribution and generalisation set sizes
 * (defaults 200k / 20k / 20k). The generalisation split is "unseen" (the reference: strings with a
 * segment pattern no training string has) or "hashed" (ours before: a seeded 1/holdout_every of
 * the long patterns held out).
 */
public record DyckConfig(int k, int m, int trainSize, int valSize, int oodSize, int maxLen, Split split, int holdoutEvery)
    implements TaskConfig {
  /** How Dyck's generalisation set is chosen (see DyckTask). */
  public enum Split { UNSEEN, HASHED }

  @Override
  public TaskKind kind() {
    return TaskKind.DYCK;
  }

  static DyckConfig from(ConfigNode n) {
    int k = n.integer("k", 20, 1, 1000);
    int m = n.integer("m", 10, 1, 1000);
    int train = n.integer("train_size", 200_000, 1, 50_000_000);
    int val = n.integer("val_size", 20_000, 1, 10_000_000);
    int ood = n.integer("ood_size", 20_000, 1, 10_000_000);
    int maxLen = n.integer("max_len", 62, 4, 100_000);
    Split split = n.choice("split", Split.UNSEEN);
    int holdout = split == Split.HASHED ? n.integer("holdout_every", 4, 2, 1_000_000) : 4;
    return new DyckConfig(k, m, train, val, ood, maxLen, split, holdout);
  }
}
