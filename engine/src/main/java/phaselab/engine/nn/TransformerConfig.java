package phaselab.engine.nn;

/**
 * Shape and options of a transformer (encoder or decoder).
 *
 * @param vocab vocabulary size V
 * @param width model width C (typ. 128–768)
 * @param heads attention heads NH; must divide width
 * @param hidden feed-forward width F (typ. 4·C)
 * @param layers number of blocks L
 * @param maxSeq longest sequence T the position table covers
 * @param preLn true for pre-LN blocks (GPT-2), false for post-LN (BERT, Murty et al.)
 * @param activation feed-forward nonlinearity
 * @param positions learned table, fixed sinusoids (Vaswani et al.), or none
 * @param embedScale multiply token embeddings by √C (Vaswani et al.)
 * @param tiedOutput decoder only: logits use the token embedding matrix
 * @param segments encoder only: number of segment (token-type) ids, 0 for none
 * @param dropout dropout probability on embeddings, attention pattern and sublayer outputs
 * @param lnEps LayerNorm epsilon (BERT 1e-12, PyTorch default 1e-5)
 * @param initStd standard deviation of the normal weight initialisation (BERT/GPT-2: 0.02)
 * @param attentionBias biases on the query/key/value/output projections (Murty et al.'s code: none)
 * @param outputBias decoder only: a bias on the untied output map (Murty et al.'s code: yes)
 * @param ffnDropout dropout on the feed-forward hidden activations too (PyTorch's and Murty et al.'s layers)
 * @param init weight initialisation scheme
 */
public record TransformerConfig(int vocab, int width, int heads, int hidden, int layers, int maxSeq,
    boolean preLn, FeedForward.Activation activation, Positions positions, boolean embedScale,
    boolean tiedOutput, int segments, float dropout, float lnEps, float initStd, boolean attentionBias, boolean outputBias,
    boolean ffnDropout, InitScheme init) {

  /**
   * NORMAL: every matrix N(0, initStd²), biases 0 (BERT, GPT-2). XAVIER: the layers of Murty et al.'s
   * released code (PyTorch's TransformerEncoderLayer): attention projections and the second FFN
   * matrix Xavier-uniform, the first FFN matrix Xavier-uniform with the ReLU gain √2 (1 for other
   * activations), biases PyTorch's default U(±1/√fan_in).
   */
  public enum InitScheme { NORMAL, XAVIER }

  /** How positions enter the model. */
  public enum Positions { LEARNED, SINUSOIDAL, NONE }

  public TransformerConfig {
    require(vocab > 0, "vocab must be positive, got " + vocab);
    require(width > 0, "width must be positive, got " + width);
    require(heads > 0 && width % heads == 0, "heads (" + heads + ") must divide width (" + width + ")");
    require(hidden > 0, "hidden must be positive, got " + hidden);
    require(layers >= 0, "layers must be >= 0, got " + layers);
    require(maxSeq > 0, "maxSeq must be positive, got " + maxSeq);
    require(dropout >= 0f && dropout < 1f, "dropout must be in [0, 1), got " + dropout);
    require(lnEps > 0f, "lnEps must be positive, got " + lnEps);
    require(segments >= 0, "segments must be >= 0, got " + segments);
    require(init != null, "init scheme must be given");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Head size HS = C / NH. */
  public int headSize() {
    return width / heads;
  }

  /** A decoder with the common defaults: post-LN, GELU, learned positions, untied, no dropout. */
  public static TransformerConfig decoder(int vocab, int width, int heads, int hidden, int layers, int maxSeq) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, false,
        FeedForward.Activation.GELU, Positions.LEARNED, false, false, 0, 0f, 1e-5f, 0.02f, true, false, false, InitScheme.NORMAL);
  }

  /** A BERT-style encoder: post-LN, GELU, learned positions, 2 segments, no dropout. */
  public static TransformerConfig encoder(int vocab, int width, int heads, int hidden, int layers, int maxSeq) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, false,
        FeedForward.Activation.GELU, Positions.LEARNED, false, true, 2, 0f, 1e-12f, 0.02f, true, false, false, InitScheme.NORMAL);
  }

  public TransformerConfig withPreLn(boolean v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, v, activation, positions, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withActivation(FeedForward.Activation v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, v, positions, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withPositions(Positions v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, v, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withEmbedScale(boolean v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, v, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withTiedOutput(boolean v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, v, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withDropout(float v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput, segments, v, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withLnEps(float v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput, segments, dropout, v, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withSegments(int v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput, v, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withMaxSeq(int v) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, v, preLn, activation, positions, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  public TransformerConfig withVocab(int v) {
    return new TransformerConfig(v, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }

  /** Murty et al.'s layers: no attention biases, a biased output map, dropout inside the FFN, Xavier initialisation. */
  public TransformerConfig withReferenceLayers(boolean attentionBias, boolean outputBias, boolean ffnDropout, InitScheme init) {
    return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput, segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
  }
}
