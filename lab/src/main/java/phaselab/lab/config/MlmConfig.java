package phaselab.lab.config;

/**
 * BERT masked-LM pre-training (docs/research.md A.1) on corpus/corpus.txt (from phaselab data corpus)
 * with its vocabulary corpus/vocab.txt, holding out every holdout_every-th sequence and masking
 * mask_prob of the tokens (80% [MASK], 10% random, 10% kept).
 */
public record MlmConfig(String corpus, int holdoutEvery, double maskProb) implements TaskConfig {
  @Override
  public TaskKind kind() {
    return TaskKind.MLM;
  }

  static MlmConfig from(ConfigNode n) {
    String corpus = n.string("corpus", "data/corpus");
    int holdout = n.integer("holdout_every", 100, 2, 1_000_000);
    double mask = n.number("mask_prob", 0.15, 0.01, 0.9);
    return new MlmConfig(corpus, holdout, mask);
  }
}
