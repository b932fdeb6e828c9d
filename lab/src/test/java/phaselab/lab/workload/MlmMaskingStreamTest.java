package phaselab.lab.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.EncoderConfig;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.task.text.WordPiece;

/**
 * MLM training masks draw from the run's own "masking" stream, never from the dropout stream
 * (docs/architecture.md): the dropout rate does not change which tokens are masked.
 */
class MlmMaskingStreamTest {
  @Test
  void masksDoNotDependOnDropout() {
    List<String> tokens = new ArrayList<>(WordPiece.SPECIALS);
    for (int i = 0; tokens.size() < 64; i++) {
      tokens.add("w" + i);
    }
    WordPiece vocab = new WordPiece(tokens);
    RngStream data = new RngStream(5, "test-data");
    List<int[]> seqs = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      int[] seq = new int[16];
      for (int t = 0; t < seq.length; t++) {
        seq[t] = WordPiece.SPECIALS.size() + data.nextInt(tokens.size() - WordPiece.SPECIALS.size());
      }
      seqs.add(seq);
    }
    EncoderConfig m = ConfigLoader.parse("{}", "t", List.of("task.name=mlm", "model.kind=encoder", "model.layers=1", "model.width=16",
        "model.heads=2", "model.ffn=32", "model.max_seq=16"), "test").encoder();
    MlmWorkload w = new MlmWorkload(Models.encoder(m, 1, vocab.size(), 0, 0), new MlmData(vocab, seqs, List.of()), 0.3, 1);
    long[] fresh = new RngStream(1, "masking").state();
    long[][] after = new long[2][];
    float[] p = {0.0f, 0.5f};
    for (int run = 0; run < 2; run++) {
      RngStream masking = new RngStream(1, "masking");
      try (Tape.NoGrad ignored = Tape.noGrad()) {
        w.loss(new int[] {0, 1, 2, 3}, new Dropout(p[run], new RngStream(1, "dropout")), masking);
      }
      after[run] = masking.state();
    }
    assertThat(after[0]).isNotEqualTo(fresh); // the masks came from the masking stream ...
    assertThat(after[1]).isEqualTo(after[0]); // ... and the same ones whatever the dropout rate
  }
}
