package phaselab.lab.workload;

import java.util.List;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.Mlp;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.DecoderConfig;
import phaselab.lab.config.EncoderConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.MlpConfig;
import phaselab.lab.config.TransformerModelConfig.Norm;

/**
 * Builds the freshly initialised models a config describes (decoder LM, BERT encoder, MLP), each
 * from the "init" stream of the run seed.
 */
public final class Models {
  private Models() {}

  public static TransformerConfig transformer(DecoderConfig m, int vocab) {
    return TransformerConfig.builder(vocab, m.width(), m.heads(), m.ffn(), m.layers(), m.maxSeq()).preLn(m.norm() == Norm.PRE)
        .activation(m.activation()).positions(m.positions()).embedScale(m.embedScale()).tiedOutput(m.tied()).dropout((float) m.dropout())
        .attentionBias(m.attentionBias()).outputBias(m.outputBias()).ffnDropout(m.ffnDropout()).init(m.init()).build();
  }

  /** The decoder LM (embeddings from "init/embed" when Xavier). */
  public static DecoderLM decoder(DecoderConfig m, long seed, int vocab) {
    DecoderLM lm = new DecoderLM(transformer(m, vocab)).initialize(new RngStream(seed, "init"));
    return m.xavierEmbeddings() ? lm.xavierEmbeddings(new RngStream(seed, "init/embed")) : lm;
  }

  /** The decoder LM of a decoder run's config. */
  public static DecoderLM decoder(ExperimentConfig c, int vocab) {
    return decoder(c.decoder(), c.seed(), vocab);
  }

  /**
   * A CNN over square single-channel images given as flat vectors of {@code in} = side² values
   * (Fashion-MNIST: 28 × 28).
   */
  public static phaselab.engine.model.Cnn cnn(phaselab.lab.config.CnnConfig m, long seed, int in, int out) {
    int side = (int) Math.round(Math.sqrt(in));
    if (side * side != in) {
      throw new IllegalArgumentException("model.kind cnn reads square images; the task's inputs have " + in + " values");
    }
    int[] filters = m.filters().stream().mapToInt(Integer::intValue).toArray();
    return new phaselab.engine.model.Cnn(1, side, side, filters, out, m.bias()).initialize(new RngStream(seed, "init"));
  }

  /** The MLP in → hidden… → out. */
  public static Mlp mlp(MlpConfig m, long seed, int in, int out) {
    int[] widths = new int[m.hidden().size() + 2];
    widths[0] = in;
    for (int i = 0; i < m.hidden().size(); i++) {
      widths[i + 1] = m.hidden().get(i);
    }
    widths[widths.length - 1] = out;
    Mlp mlp = new Mlp(widths, m.bias(), m.activation()).initialize(new RngStream(seed, "init"), m.initGain());
    if (m.rescaleNeurons() > 1) {
      rescaleNeurons(mlp, m.rescaleNeurons(), new RngStream(seed, "init/rescale-neurons"));
    }
    return mlp;
  }

  /**
   * Multiplies each hidden neuron's incoming row (and bias) by a_j = factor^u, u ~ U[−1, 1], and
   * divides its outgoing column by a_j: the same function (ReLU and identity are positively
   * homogeneous), another point on the rescaling orbit.
   */
  static void rescaleNeurons(Mlp mlp, double factor, RngStream rng) {
    List<phaselab.engine.nn.Linear> layers = mlp.layers();
    for (int i = 0; i + 1 < layers.size(); i++) {
      phaselab.engine.nn.Linear in = layers.get(i);
      phaselab.engine.nn.Linear next = layers.get(i + 1);
      for (int j = 0; j < in.out; j++) {
        double a = Math.pow(factor, 2 * rng.nextDouble() - 1);
        for (int k = 0; k < in.in; k++) {
          in.weight.data[j * in.in + k] = (float) (in.weight.data[j * in.in + k] * a);
        }
        if (in.bias != null) {
          in.bias.data[j] = (float) (in.bias.data[j] * a);
        }
        for (int o = 0; o < next.out; o++) {
          next.weight.data[o * next.in + j] = (float) (next.weight.data[o * next.in + j] / a);
        }
      }
    }
  }

  /**
   * A BERT encoder (learned positions, LayerNorm ε 1e-12, N(0, 0.02) init) with a classifier over
   * {@code classPositions} read positions and {@code labels} labels (0 labels: MLM only).
   */
  public static BertEncoder encoder(EncoderConfig m, long seed, int vocab, int classPositions, int labels) {
    TransformerConfig tc = TransformerConfig.builder(vocab, m.width(), m.heads(), m.ffn(), m.layers(), m.maxSeq())
        .preLn(m.norm() == Norm.PRE).activation(m.activation()).dropout((float) m.dropout()).lnEps(1e-12f).build();
    return new BertEncoder(tc, classPositions, labels).initialize(new RngStream(seed, "init"));
  }
}
