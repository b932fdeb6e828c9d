package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;

/**
 * {@code phaselab resume --steps N}: a finished run continued to N steps ends with the tensors of a
 * run planned for N steps, and its metrics are that run's; a schedule that decays over
 * train.steps makes the extension refused, naming why.
 */
class ResumeStepsTest {
  @TempDir
  Path tmp;

  @Test
  void extendingAFinishedRunGivesTheTensorsOfALongerRun() throws Exception {
    Path cfg = RunFixtures.write(tmp, 20, 20);
    Files.writeString(cfg, Files.readString(cfg).replace("name: cosine", "name: constant"));
    Path planned = tmp.resolve("planned");
    Path extended = tmp.resolve("extended");
    assertThat(Main.execute("train", cfg.toString(), "--set", "train.steps=40", "--out", planned.toString(), "--threads", "1")).isZero();
    assertThat(Main.execute("train", cfg.toString(), "--out", extended.toString(), "--threads", "1")).isZero();
    Console c = Console.run("resume", extended.toString(), "--steps", "40", "--threads", "1");
    assertThat(c.code()).as(c.err()).isZero();

    Map<String, Safetensors.Entry> a = Safetensors.read(planned.resolve("checkpoints/step-000040.safetensors")).tensors();
    Map<String, Safetensors.Entry> b = Safetensors.read(extended.resolve("checkpoints/step-000040.safetensors")).tensors();
    assertThat(b.keySet()).isEqualTo(a.keySet()).hasSizeGreaterThan(10);
    for (String name : a.keySet()) {
      assertThat(b.get(name).bytes()).as(name).isEqualTo(a.get(name).bytes());
    }
    // the planned run evaluated at 20 (eval_every 20), as the first leg's end did: the same rows
    assertThat(Files.readAllLines(extended.resolve("metrics.jsonl"))).isEqualTo(Files.readAllLines(planned.resolve("metrics.jsonl")));
    assertThat(Files.readString(extended.resolve("config.yaml"))).contains("steps: 40");
    assertThat(Files.readString(extended.resolve("log.txt"))).contains("train.steps 20 → 40");
  }

  @Test
  void aScheduleThatEndsAtTrainStepsIsNotExtended() throws Exception {
    Path cfg = RunFixtures.write(tmp, 20, 20);
    Path run = tmp.resolve("run");
    assertThat(Main.execute("train", cfg.toString(), "--out", run.toString(), "--threads", "1")).isZero();
    String before = Files.readString(run.resolve("config.yaml"));
    Console c = Console.run("resume", run.toString(), "--steps", "40");
    assertThat(c.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(c.err()).contains("cosine schedule ends at step 20 (train.steps was 20)").contains("schedule.decay_steps");
    assertThat(Files.readString(run.resolve("config.yaml"))).isEqualTo(before);
    Console shorter = Console.run("resume", run.toString(), "--steps", "10");
    assertThat(shorter.err()).contains("does not extend the run");
    assertThat(List.of(shorter.code())).containsExactly(Cli.BAD_INPUT);
  }
}
