package phaselab.engine.model;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.Linalg;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Embedding;
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
 * A causal decoder-only language model (GPT family; the model of Murty et al. 2023): token
 * embedding (optionally ×√C) + positions → L blocks → final LayerNorm (pre-LN only) → logits,
 * through an untied {@code unembed} or the tied token embedding.
 * Hooks: embed, pos_embed, blocks.{i}.…, final_ln (pre-LN), logits.
 */
public final class DecoderLM extends Module {
  public final TransformerConfig config;
  final Embedding embed;
  private final HookPoint hookEmbed;
  private final Embedding posEmbed;
  private final HookPoint hookPosEmbed;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm finalLn;
  private final HookPoint hookFinalLn;
  private final Linear unembed;
  private final HookPoint hookLogits;
  private final Tensor sinusoids;

  public DecoderLM(TransformerConfig config) {
    this.config = config;
    embed = child("embed", new Embedding(config.vocab(), config.width()));
    hookEmbed = hook("embed");
    posEmbed = config.positions() == TransformerConfig.Positions.LEARNED
        ? child("pos_embed", new Embedding(config.maxSeq(), config.width())) : null;
    hookPosEmbed = hook("pos_embed");
    sinusoids = config.positions() == TransformerConfig.Positions.SINUSOIDAL
        ? Positions.sinusoidal(config.maxSeq(), config.width()) : null;
    ModuleGroup blockList = child("blocks", new ModuleGroup());
    for (int i = 0; i < config.layers(); i++) {
      blocks.add(blockList.add(Integer.toString(i), new TransformerBlock(config.width(), config.heads(),
          config.hidden(), config.activation(), config.preLn(), config.lnEps(), config.attentionBias(), config.ffnDropout())));
    }
    finalLn = config.preLn() ? child("final_ln", new LayerNorm(config.width(), config.lnEps())) : null;
    hookFinalLn = config.preLn() ? hook("final_ln") : null;
    unembed = config.tiedOutput() ? null : child("unembed", new Linear(config.width(), config.vocab(), config.outputBias()));
    hookLogits = hook("logits");
    namedHooks(); // assigns the hook names
  }

  /**
   * NORMAL: Normal(0, initStd) for matrices; biases 0 and LayerNorm γ = 1 from construction.
   * XAVIER: the blocks as Murty et al.'s code initialises them ({@link Init#xavierBlock}); the
   * embeddings and output map still N(0, initStd) here ({@link #xavierEmbeddings} re-draws them).
   */
  public DecoderLM initialize(RngStream init) {
    Init.matrices(this, config.initStd(), init);
    if (config.init() == TransformerConfig.InitScheme.XAVIER) {
      for (int i = 0; i < blocks.size(); i++) {
        Init.xavierBlock(blocks.get(i), config.activation(), init.derive("blocks/" + i));
      }
      if (unembed != null && unembed.bias != null) {
        Init.uniform(unembed.bias, 1 / Math.sqrt(config.width()), init.derive("unembed/bias"));
      }
    }
    return this;
  }

  /**
   * Re-draws the token embedding and the untied output projection Xavier-uniform, U(±√(6 / (V + C))),
   * as Murty et al.'s released code does (embedding_init "xavier"; the output map always).
   */
  public DecoderLM xavierEmbeddings(RngStream rng) {
    double bound = Math.sqrt(6.0 / (config.vocab() + config.width()));
    Init.uniform(embed.weight, bound, rng);
    if (unembed != null) {
      Init.uniform(unembed.weight, bound, rng);
    }
    return this;
  }

  public List<TransformerBlock> blocks() {
    return blocks;
  }

  /** ids (B, T) → logits (B, T, V) with causal attention. */
  public Tensor forward(int[] ids, int batch, int seq, Dropout dropout) {
    return forward(ids, batch, seq, AttentionMask.causal(batch, seq), dropout);
  }

  /** ids (B, T) → logits (B, T, V) under an explicit mask (e.g. causal plus span restriction). */
  public Tensor forward(int[] ids, int batch, int seq, AttentionMask mask, Dropout dropout) {
    return logits(hidden(ids, batch, seq, mask, dropout));
  }

  /** The final hidden states (B, T, C), before the output projection. */
  public Tensor hidden(int[] ids, int batch, int seq, AttentionMask mask, Dropout dropout) {
    if (ids.length != batch * seq) {
      throw new ShapeException("decoder input: " + ids.length + " ids for (B, T) = (" + batch + ", " + seq + ")");
    }
    if (seq > config.maxSeq()) {
      throw new ShapeException("decoder input: sequence length " + seq + " exceeds maxSeq " + config.maxSeq());
    }
    Tensor x = embed.forward(ids, batch, seq); // (B, T, C)
    if (config.embedScale()) {
      x = Pointwise.scale(x, (float) Math.sqrt(config.width()));
    }
    x = hookEmbed.apply(x);
    Tensor pos = positions(seq);
    if (pos != null) {
      x = Pointwise.addBroadcast(x, hookPosEmbed.apply(pos));
    }
    x = dropout.apply(x);
    for (TransformerBlock block : blocks) {
      x = block.forward(x, mask, dropout);
    }
    return finalLn == null ? x : hookFinalLn.apply(finalLn.forward(x));
  }

  /** Hidden states (…, C) → logits (…, V). */
  public Tensor logits(Tensor hidden) {
    Tensor w = unembed == null ? embed.weight : unembed.weight;
    return hookLogits.apply(Linalg.linear(hidden, w, unembed == null ? null : unembed.bias));
  }

  private Tensor positions(int seq) {
    if (posEmbed != null) {
      int[] idx = new int[seq];
      for (int i = 0; i < seq; i++) {
        idx[i] = i;
      }
      return posEmbed.forward(idx, seq); // (T, C)
    }
    if (sinusoids != null) {
      return Tensor.of("sinusoidal_positions", java.util.Arrays.copyOf(sinusoids.data, seq * config.width()), seq, config.width());
    }
    return null;
  }
}
