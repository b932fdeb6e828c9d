package phaselab.engine.model;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.Gather;
import phaselab.engine.autograd.Linalg;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Embedding;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.nn.HookPoint;
import phaselab.engine.nn.Hooks;
import phaselab.engine.nn.Init;
import phaselab.engine.nn.LayerNorm;
import phaselab.engine.nn.Linear;
import phaselab.engine.nn.Module;
import phaselab.engine.nn.ModuleGroup;
import phaselab.engine.nn.Positions;
import phaselab.engine.nn.TransformerBlock;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/**
 * A BERT-style bidirectional encoder (Devlin et al. 2019): token + position + segment
 * embeddings → LayerNorm → L blocks; an MLM head (dense → GELU → LayerNorm → decoder tied to the
 * token embedding, plus its own bias); and a classification head over chosen positions (e.g.
 * [CLS], or the two entity-start markers concatenated).
 * Hooks: embed, pos_embed, seg_embed, embed_ln, blocks.{i}.…, mlm.transform, mlm.ln, logits,
 * cls.pooled, cls.logits.
 */
public final class BertEncoder extends Module {
  public final TransformerConfig config;
  public final int classPositions;
  public final int labels;
  final Embedding embed;
  private final HookPoint hookEmbed;
  private final Embedding posEmbed;
  private final HookPoint hookPosEmbed;
  private final Embedding segEmbed;
  private final HookPoint hookSegEmbed;
  private final LayerNorm embedLn;
  private final HookPoint hookEmbedLn;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final Linear mlmTransform;
  private final HookPoint hookMlmTransform;
  private final LayerNorm mlmLn;
  private final HookPoint hookMlmLn;
  private final Tensor mlmBias;
  private final HookPoint hookLogits;
  private final Linear classifier;
  private final HookPoint hookPooled;
  private final HookPoint hookClsLogits;

  /**
   * @param classPositions positions per example the classifier reads (0 for no classifier)
   * @param labels number of classes (0 for no classifier)
   */
  public BertEncoder(TransformerConfig config, int classPositions, int labels) {
    if (config.positions() == TransformerConfig.Positions.SINUSOIDAL) {
      throw new IllegalArgumentException("BertEncoder uses learned positions; sinusoidal positions are a decoder option");
    }
    this.config = config;
    this.classPositions = classPositions;
    this.labels = labels;
    int c = config.width();
    embed = child("embed", new Embedding(config.vocab(), c));
    hookEmbed = hook("embed");
    posEmbed = config.positions() == TransformerConfig.Positions.LEARNED ? child("pos_embed", new Embedding(config.maxSeq(), c)) : null;
    hookPosEmbed = hook("pos_embed");
    segEmbed = config.segments() > 0 ? child("seg_embed", new Embedding(config.segments(), c)) : null;
    hookSegEmbed = hook("seg_embed");
    embedLn = child("embed_ln", new LayerNorm(c, config.lnEps()));
    hookEmbedLn = hook("embed_ln");
    ModuleGroup blockList = child("blocks", new ModuleGroup());
    for (int i = 0; i < config.layers(); i++) {
      blocks.add(blockList.add(Integer.toString(i), new TransformerBlock(c, config.heads(), config.hidden(),
          config.activation(), config.preLn(), config.lnEps())));
    }
    ModuleGroup mlm = child("mlm", new ModuleGroup());
    mlmTransform = mlm.add("transform", new Linear(c, c, true));
    hookMlmTransform = mlm.addHook("transform");
    mlmLn = mlm.add("ln", new LayerNorm(c, config.lnEps()));
    hookMlmLn = mlm.addHook("ln");
    mlmBias = mlm.addParam("bias", config.vocab());
    hookLogits = hook("logits");
    ModuleGroup cls = child("cls", new ModuleGroup());
    hookPooled = cls.addHook("pooled");
    classifier = labels > 0 ? cls.add("classifier", new Linear(classPositions * c, labels, true)) : null;
    hookClsLogits = cls.addHook("logits");
    namedHooks();
  }

  /** Normal(0, initStd) for matrices; biases 0 and LayerNorm γ = 1 from construction. */
  public BertEncoder initialize(RngStream init) {
    Init.matrices(this, config.initStd(), init);
    return this;
  }

  public List<TransformerBlock> blocks() {
    return blocks;
  }

  /**
   * Encodes ids (B, T) with optional segment ids (B, T) and key-padding mask (B·T, false = [PAD])
   * into hidden states (B, T, C).
   */
  public Tensor encode(int[] ids, int[] segmentIds, boolean[] keyValid, int batch, int seq, Dropout dropout) {
    if (ids.length != batch * seq) {
      throw new ShapeException("encoder input: " + ids.length + " ids for (B, T) = (" + batch + ", " + seq + ")");
    }
    if (seq > config.maxSeq()) {
      throw new ShapeException("encoder input: sequence length " + seq + " exceeds maxSeq " + config.maxSeq());
    }
    Tensor x = hookEmbed.apply(embed.forward(ids, batch, seq)); // (B, T, C)
    if (posEmbed != null) {
      int[] idx = new int[seq];
      for (int i = 0; i < seq; i++) {
        idx[i] = i;
      }
      x = Pointwise.addBroadcast(x, hookPosEmbed.apply(posEmbed.forward(idx, seq)));
    }
    if (segEmbed != null) {
      int[] seg = segmentIds != null ? segmentIds : new int[ids.length];
      x = Pointwise.add(x, hookSegEmbed.apply(segEmbed.forward(seg, batch, seq)));
    }
    x = dropout.apply(hookEmbedLn.apply(embedLn.forward(x)));
    AttentionMask mask = AttentionMask.none(batch, seq);
    if (keyValid != null) {
      mask = mask.withKeyValid(keyValid);
    }
    for (TransformerBlock block : blocks) {
      x = block.forward(x, mask, dropout);
    }
    return x;
  }

  /** MLM logits (P, V) at the given flat positions (b·T + t) of hidden (B, T, C). */
  public Tensor mlmLogits(Tensor hidden, int[] positions) {
    Tensor h = positions == null ? Pointwise.reshape(hidden, hidden.rows(), config.width()) : Gather.rows(hidden, positions);
    // the MLM transform's GELU is the body's GELU (exact in Google's and Hugging Face's BERT)
    Tensor t = mlmTransform.forward(h);
    h = hookMlmTransform.apply(config.activation() == FeedForward.Activation.GELU_EXACT ? Pointwise.geluExact(t) : Pointwise.gelu(t));
    h = hookMlmLn.apply(mlmLn.forward(h));
    return hookLogits.apply(Linalg.linear(h, embed.weight, mlmBias));
  }

  /**
   * Class logits (B, labels): for each example, the hidden states at its {@code classPositions}
   * positions (indices within the sequence, {@code positions[b·k + j]}) are concatenated and fed to
   * the classifier.
   */
  public Tensor classify(Tensor hidden, int[] positions) {
    if (classifier == null) {
      throw new IllegalStateException("this encoder was built without a classifier (labels = 0)");
    }
    int batch = hidden.dim(0);
    int seq = hidden.dim(1);
    if (positions.length != batch * classPositions) {
      throw new ShapeException("classify: expected " + batch * classPositions + " positions (B × " + classPositions + "), got " + positions.length);
    }
    int[] flat = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      flat[i] = (i / classPositions) * seq + positions[i];
    }
    Tensor pooled = hookPooled.apply(Pointwise.reshape(Gather.rows(hidden, flat), batch, classPositions * config.width()));
    return hookClsLogits.apply(classifier.forward(pooled));
  }
}
