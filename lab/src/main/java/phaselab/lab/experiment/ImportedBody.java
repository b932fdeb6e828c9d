package phaselab.lab.experiment;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.EncoderConfig;
import phaselab.lab.pretrained.PretrainedBert;

/**
 * A fine-tuning encoder whose body is an imported pre-trained BERT ({@code model.init_from: DIR}
 * with a phaselab model directory). The run's model keys must state the imported shape (so a
 * config never silently means another model); max_seq may be shorter than the imported position
 * table (its first rows are used); tokens added to the vocabulary (entity markers) and the
 * classifier keep their seeded initialisation, N(0, 0.02) and zero bias.
 */
final class ImportedBody {
  private ImportedBody() {}

  static BertEncoder encoder(EncoderConfig m, PretrainedBert body, long seed, int vocab, int classPositions, int labels) {
    TransformerConfig b = body.config();
    List<String> diff = new ArrayList<>();
    check(diff, "layers", m.layers(), b.layers());
    check(diff, "width", m.width(), b.width());
    check(diff, "heads", m.heads(), b.heads());
    check(diff, "ffn", m.ffn(), b.hidden());
    check(diff, "activation", m.activation().name().toLowerCase(), b.activation().name().toLowerCase());
    check(diff, "norm", m.norm().name().toLowerCase(), "post");
    if (!diff.isEmpty()) {
      throw new ConfigException("model.init_from: the imported model differs from the config in " + String.join(", ", diff)
          + "; set these model keys to the imported model's values (its model.json)");
    }
    if (m.maxSeq() > b.maxSeq()) {
      throw new ConfigException("model.max_seq = " + m.maxSeq() + " exceeds the imported model's " + b.maxSeq() + " positions");
    }
    TransformerConfig tc = b.toBuilder().vocab(vocab).dropout((float) m.dropout()).maxSeq(m.maxSeq()).build();
    BertEncoder model = new BertEncoder(tc, classPositions, labels).initialize(new RngStream(seed, "init"));
    if (!m.initWeights()) {
      return model;
    }
    for (var e : model.namedParameters().entrySet()) {
      var w = body.weights().get(e.getKey());
      if (w == null) {
        continue; // classifier, MLM head (if the body has none)
      }
      float[] v = w.floats();
      Tensor t = e.getValue();
      // the embedding keeps its extra rows (new tokens), the position table is cut to max_seq
      System.arraycopy(v, 0, t.data, 0, Math.min(v.length, t.size()));
    }
    return model;
  }

  private static void check(List<String> diff, String key, Object configured, Object imported) {
    if (!configured.equals(imported)) {
      diff.add(key + " (config " + configured + ", imported " + imported + ")");
    }
  }
}
