package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.run.RunJson;

/** phaselab patch on a (briefly trained) question-formation run: the tables and the JSON file, and a named error for a bad pair. */
class PatchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void patchesAQuestionPairAndRefusesOneOfAnotherLength() throws Exception {
    Path cfg = tmp.resolve("q.yaml");
    Files.writeString(cfg, """
        name: q
        seed: 1
        task:
          name: question
          train_size: 200
          val_size: 20
          ood_size: 20
        model:
          layers: 2
          width: 32
          heads: 2
          ffn: 64
          max_seq: 48
        train:
          steps: 5
          batch_size: 4
          eval_every: 5
          eval_size: 10
          checkpoint_every: 5
          log_every: 5
        probes:
          names: [weight_norm]
          every: 5
        """);
    Path run = tmp.resolve("q");
    Console c = Console.run("train", cfg.toString(), "--out", run.toString(), "--threads", "1");
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    String clean = "some zebras who don't smile do swim . quest\\tdo some zebras who don't smile swim ?";
    String corrupt = "some zebras who do smile don't swim . quest\\tdon't some zebras who do smile swim ?";
    c = Console.run("patch", run.toString(), "--clean", clean, "--corrupt", corrupt);
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    assertThat(c.out()).contains("residual stream entering each block").contains("L1");
    Map<?, ?> json = (Map<?, ?>) RunJson.parse(Files.readString(run.resolve("patching").resolve("step-000005.json")));
    List<?> resid = (List<?>) json.get("residual_recovered");
    assertThat(resid).hasSize(2);
    assertThat((List<?>) resid.get(0)).hasSize(((Number) json.get("read_position")).intValue() + 1);
    assertThat((List<?>) json.get("heads_recovered")).hasSize(2);

    c = Console.run("patch", run.toString(), "--clean", clean, "--corrupt", "some zebras do swim . quest\\tdo some zebras swim ?");
    assertThat(c.code()).isNotZero();
    assertThat(c.err()).contains("same length");
  }
}
