package phaselab.lab.suite.entropic;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.Mlp;
import phaselab.engine.nn.Linear;
import phaselab.engine.nn.Module;

/**
 * The continuous symmetries of the models phaselab trains (docs/research.md B.1).
 *
 * <p>MLP with a positively homogeneous activation (ReLU, identity): for hidden layer i, rescaling
 * its incoming weights and bias by a and the next layer's weights by 1/a, as a whole ("layer"
 * group "layers.i|i+1") and per hidden neuron j (row j of W_i with b_i[j] against column j of
 * W_{i+1}; "neuron" group "neurons.i").
 *
 * <p>Decoder, per block b and head h: the Q/K symmetry (rows of W_Q and b_Q of head h against
 * those of W_K; the rotation W_Q A, W_K A^{-T} contains this rescaling, whose charge is the trace
 * of the conserved matrix W_QᵀW_Q − W_KᵀW_K) and the V/O rescaling (rows of W_V, b_V of head h
 * against the columns of the output projection that read head h). With ReLU feed-forward layers,
 * also their hidden neurons (fc_in row + bias against fc_out column). There is no exact scale
 * symmetry in front of a LayerNorm in these decoders (every LayerNorm input also feeds the
 * residual stream), so none is listed; see docs/entropic-forces.md. The same Q/K, V/O and FFN
 * groups apply to the BERT encoder, plus the scale symmetry of its embedding LayerNorm.
 */
public final class Symmetries {
  private Symmetries() {}

  /** The symmetry groups of {@code model}; {@code homogeneous}: its activation is ReLU or identity. */
  public static List<SymmetryGroup> of(Module model, boolean homogeneous) {
    if (model instanceof Mlp mlp) {
      return homogeneous ? mlp(mlp) : List.of();
    }
    if (model instanceof DecoderLM lm) {
      var c = lm.config;
      return blocks(c.layers(), c.width(), c.heads(), c.hidden(), homogeneous);
    }
    if (model instanceof BertEncoder bert) {
      var c = bert.config;
      List<SymmetryGroup> groups = new ArrayList<>(blocks(c.layers(), c.width(), c.heads(), c.hidden(), homogeneous));
      if (!c.preLn()) {
        groups.add(embeddingScale(bert));
      }
      return groups;
    }
    return List.of();
  }

  /**
   * The scale symmetry in front of the encoder's embedding LayerNorm: LN(a·(E_tok + E_pos + E_seg))
   * = LN(E_tok + E_pos + E_seg), so scaling all embedding tables together leaves every block
   * unchanged. It is exact when nothing else reads the token table (relation fine-tuning); the tied
   * MLM decoder breaks it, which the probe's scale defect |⟨w, ∇L⟩| / (‖w‖‖∇L‖) shows.
   */
  private static SymmetryGroup embeddingScale(BertEncoder bert) {
    List<Slice> in = new ArrayList<>();
    bert.namedParameters().forEach((name, t) -> {
      if (name.equals("embed.weight") || name.equals("pos_embed.weight") || name.equals("seg_embed.weight")) {
        in.add(Slice.all(name, t.size()));
      }
    });
    return new SymmetryGroup("embed_scale", "scale", List.of(new SymmetryPair("embed_scale", in, List.of())));
  }

  private static List<SymmetryGroup> mlp(Mlp mlp) {
    List<SymmetryGroup> groups = new ArrayList<>();
    List<Linear> layers = mlp.layers();
    for (int i = 0; i + 1 < layers.size(); i++) {
      String a = "layers." + i + ".linear.";
      String b = "layers." + (i + 1) + ".linear.";
      groups.add(new SymmetryGroup("layers." + i + "|" + (i + 1), "layer", List.of(
          new SymmetryPair("layers." + i + "|" + (i + 1), withBias(layers.get(i), a, 0, layers.get(i).out),
              List.of(Slice.all(b + "weight", layers.get(i + 1).weight.size()))))));
      groups.add(new SymmetryGroup("neurons." + i, "neuron", neurons(layers.get(i), a, layers.get(i + 1), b)));
    }
    return groups;
  }

  /** Q/K and V/O per head, and ReLU FFN neurons, of the blocks.{b} of a decoder or encoder. */
  private static List<SymmetryGroup> blocks(int layers, int width, int heads, int hidden, boolean reluFfn) {
    List<SymmetryGroup> groups = new ArrayList<>();
    int dh = width / heads;
    for (int b = 0; b < layers; b++) {
      String p = "blocks." + b + ".attn.";
      List<SymmetryPair> qk = new ArrayList<>();
      List<SymmetryPair> vo = new ArrayList<>();
      for (int h = 0; h < heads; h++) {
        int from = h * dh;
        int to = from + dh;
        qk.add(new SymmetryPair(p + "head" + h + ".qk",
            List.of(Slice.rows(p + "query.weight", from, to, width), Slice.rows(p + "query.bias", from, to, 1)),
            List.of(Slice.rows(p + "key.weight", from, to, width), Slice.rows(p + "key.bias", from, to, 1))));
        vo.add(new SymmetryPair(p + "head" + h + ".vo",
            List.of(Slice.rows(p + "value.weight", from, to, width), Slice.rows(p + "value.bias", from, to, 1)),
            List.of(Slice.columns(p + "proj.weight", from, to, width, width))));
      }
      groups.add(new SymmetryGroup(p + "qk", "qk", qk));
      groups.add(new SymmetryGroup(p + "vo", "vo", vo));
      if (reluFfn) {
        String f = "blocks." + b + ".mlp.";
        List<SymmetryPair> pairs = new ArrayList<>();
        for (int j = 0; j < hidden; j++) {
          pairs.add(new SymmetryPair(f + "neuron" + j,
              List.of(Slice.row(f + "fc_in.weight", j, width), Slice.rows(f + "fc_in.bias", j, j + 1, 1)),
              List.of(Slice.columns(f + "fc_out.weight", j, j + 1, width, hidden))));
        }
        groups.add(new SymmetryGroup(f + "neurons", "neuron", pairs));
      }
    }
    return groups;
  }

  private static List<Slice> withBias(Linear l, String prefix, int from, int to) {
    List<Slice> s = new ArrayList<>();
    s.add(Slice.rows(prefix + "weight", from, to, l.in));
    if (l.bias != null) {
      s.add(Slice.rows(prefix + "bias", from, to, 1));
    }
    return s;
  }

  private static List<SymmetryPair> neurons(Linear in, String a, Linear out, String b) {
    List<SymmetryPair> pairs = new ArrayList<>();
    for (int j = 0; j < in.out; j++) {
      pairs.add(new SymmetryPair(a + "neuron" + j, withBias(in, a, j, j + 1), List.of(Slice.columns(b + "weight", j, j + 1, out.out, out.in))));
    }
    return pairs;
  }
}
