package phaselab.engine.model;

import phaselab.engine.nn.FeedForward;

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
    return builder(vocab, width, heads, hidden, layers, maxSeq).build();
  }

  /** A BERT-style encoder: post-LN, GELU, learned positions, tied MLM output, 2 segments, LayerNorm ε 1e-12, no dropout. */
  public static TransformerConfig encoder(int vocab, int width, int heads, int hidden, int layers, int maxSeq) {
    return builder(vocab, width, heads, hidden, layers, maxSeq).tiedOutput(true).segments(2).lnEps(1e-12f).build();
  }

  /**
   * A builder with the shape given and every option at the decoder defaults: post-LN, GELU,
   * learned positions, no embedding scale, untied, no segments, no dropout, LayerNorm ε 1e-5,
   * N(0, 0.02) initialisation, attention biases, no output bias, no FFN dropout.
   */
  public static Builder builder(int vocab, int width, int heads, int hidden, int layers, int maxSeq) {
    return new Builder(vocab, width, heads, hidden, layers, maxSeq);
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(vocab, width, heads, hidden, layers, maxSeq).preLn(preLn).activation(activation).positions(positions)
        .embedScale(embedScale).tiedOutput(tiedOutput).segments(segments).dropout(dropout).lnEps(lnEps).initStd(initStd)
        .attentionBias(attentionBias).outputBias(outputBias).ffnDropout(ffnDropout).init(init);
  }

  /** The one place a config is assembled from its parts; {@link #build()} validates them. */
  public static final class Builder {
    private int vocab;
    private int width;
    private int heads;
    private int hidden;
    private int layers;
    private int maxSeq;
    private boolean preLn;
    private FeedForward.Activation activation = FeedForward.Activation.GELU;
    private Positions positions = Positions.LEARNED;
    private boolean embedScale;
    private boolean tiedOutput;
    private int segments;
    private float dropout;
    private float lnEps = 1e-5f;
    private float initStd = 0.02f;
    private boolean attentionBias = true;
    private boolean outputBias;
    private boolean ffnDropout;
    private InitScheme init = InitScheme.NORMAL;

    private Builder(int vocab, int width, int heads, int hidden, int layers, int maxSeq) {
      this.vocab = vocab;
      this.width = width;
      this.heads = heads;
      this.hidden = hidden;
      this.layers = layers;
      this.maxSeq = maxSeq;
    }

    public Builder vocab(int v) {
      vocab = v;
      return this;
    }

    public Builder maxSeq(int v) {
      maxSeq = v;
      return this;
    }

    public Builder preLn(boolean v) {
      preLn = v;
      return this;
    }

    public Builder activation(FeedForward.Activation v) {
      activation = v;
      return this;
    }

    public Builder positions(Positions v) {
      positions = v;
      return this;
    }

    public Builder embedScale(boolean v) {
      embedScale = v;
      return this;
    }

    public Builder tiedOutput(boolean v) {
      tiedOutput = v;
      return this;
    }

    public Builder segments(int v) {
      segments = v;
      return this;
    }

    public Builder dropout(float v) {
      dropout = v;
      return this;
    }

    public Builder lnEps(float v) {
      lnEps = v;
      return this;
    }

    public Builder initStd(float v) {
      initStd = v;
      return this;
    }

    public Builder attentionBias(boolean v) {
      attentionBias = v;
      return this;
    }

    public Builder outputBias(boolean v) {
      outputBias = v;
      return this;
    }

    public Builder ffnDropout(boolean v) {
      ffnDropout = v;
      return this;
    }

    public Builder init(InitScheme v) {
      init = v;
      return this;
    }

    public TransformerConfig build() {
      return new TransformerConfig(vocab, width, heads, hidden, layers, maxSeq, preLn, activation, positions, embedScale, tiedOutput,
          segments, dropout, lnEps, initStd, attentionBias, outputBias, ffnDropout, init);
    }
  }
}
