package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/** The embedding LayerNorm's scale symmetry: the gradient is orthogonal to the tables when only the classifier reads them. */
class EmbeddingScaleTest {
  static double cosine(BertEncoder m, boolean mlm) {
    int b = 3;
    int t = 8;
    int[] ids = new int[b * t];
    RngStream r = new RngStream(4, "ids");
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 9 + r.nextInt(40);
    }
    m.zeroGrad();
    Tensor h = m.encode(ids, null, null, b, t, Dropout.EVAL);
    Tensor loss = mlm ? Losses.crossEntropy(m.mlmLogits(h, new int[] {1, 9, 17}), new int[] {10, 11, 12}, -1, 0f)
        : Losses.crossEntropy(m.classify(h, new int[] {0, 0, 0}), new int[] {0, 1, 2}, -1, 0f);
    Tape.backward(loss);
    SymmetryGroup scale = Symmetries.of(m, false).stream().filter(g -> g.kind().equals("scale")).findFirst().orElseThrow();
    Map<String, Tensor> p = m.namedParameters();
    double dot = 0;
    double ww = 0;
    double gg = 0;
    for (Slice s : scale.pairs().get(0).in()) {
      Tensor x = p.get(s.param());
      for (int i : s.index()) {
        dot += (double) x.data[i] * x.grad()[i];
        ww += (double) x.data[i] * x.data[i];
        gg += (double) x.grad()[i] * x.grad()[i];
      }
    }
    return Math.abs(dot) / Math.sqrt(ww * gg);
  }

  @Test
  void exactForClassificationAndBrokenByTheTiedMlmDecoder() {
    TransformerConfig c = TransformerConfig.builder(50, 16, 2, 32, 1, 8).lnEps(1e-12f).build();
    BertEncoder m = new BertEncoder(c, 1, 3).initialize(new RngStream(1, "init"));
    assertThat(cosine(m, false)).isLessThan(1e-3);
    assertThat(cosine(m, true)).isGreaterThan(1e-2);
  }
}
