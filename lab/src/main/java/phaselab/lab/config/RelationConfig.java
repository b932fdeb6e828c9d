package phaselab.lab.config;

/**
 * Relation classification (docs/research.md A.1): the relation between two marked entities of a
 * sentence, from dataset fewrel (16 × 700), fewrel80 (subset all, train64 or val16; 100 each) or
 * semeval (19 labels; its official split), split by test_fraction and split_seed, read at the
 * entity markers or at [CLS] (pool). The vocabulary is corpus/vocab.txt (the pre-training one);
 * the data files come from data_dir (default: the cache that phaselab data fetch fills);
 * train_limit > 0 keeps the first training examples only.
 */
public record RelationConfig(String corpus, String dataDir, Dataset dataset, String subset, double testFraction, long splitSeed,
    Pool pool, int trainLimit) implements TaskConfig {
  public enum Dataset { FEWREL, FEWREL80, SEMEVAL }

  /** Where the classifier reads the encoder: the two entity markers [E1] [E2], or [CLS]. */
  public enum Pool { MARKERS, CLS }

  @Override
  public TaskKind kind() {
    return TaskKind.RELATION;
  }

  static RelationConfig from(ConfigNode n) {
    String corpus = n.string("corpus", "data/corpus");
    String dataDir = n.string("data_dir", "");
    Dataset dataset = n.choice("dataset", Dataset.FEWREL);
    String subset = dataset == Dataset.FEWREL80 ? n.choice("subset", "all", "all", "train64", "val16") : "all";
    double test = n.number("test_fraction", 0.2, 0.01, 0.99);
    long seed = n.integer("split_seed", 1, 0, Integer.MAX_VALUE);
    Pool pool = n.choice("pool", Pool.MARKERS);
    int limit = n.integer("train_limit", 0, 0, Integer.MAX_VALUE);
    return new RelationConfig(corpus, dataDir, dataset, subset, test, seed, pool, limit);
  }
}
