package phaselab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small configs for fast end-to-end tests. */
final class RunFixtures {
  private RunFixtures() {}

  static final String TINY = """
      name: tiny
      seed: 3
      task:
        name: dyck
        k: 4
        m: 4
        train_size: 2000
        val_size: 100
        ood_size: 100
        max_len: 30
      model:
        layers: 2
        width: 32
        heads: 2
        ffn: 64
        dropout: 0.1
        max_seq: 32
      optimizer:
        lr: 0.003
      schedule:
        name: cosine
        warmup: 5
      train:
        steps: %d
        batch_size: 8
        micro_batches: 2
        eval_every: 20
        eval_size: 50
        checkpoint_every: %d
        log_every: %d
        keep_checkpoints: 100
      probes:
        every: 20
      """;

  static Path write(Path dir, int steps, int checkpointEvery) throws IOException {
    return write(dir, steps, checkpointEvery, 5);
  }

  static Path write(Path dir, int steps, int checkpointEvery, int logEvery) throws IOException {
    Path f = dir.resolve("tiny.yaml");
    Files.writeString(f, TINY.formatted(steps, checkpointEvery, logEvery));
    return f;
  }

  /** A finished sweep of the tiny config over seeds 1 and 2 (and the given extra grid lines), {@code steps} steps each. */
  static Path sweep(Path dir, String name, int steps, String... extraGrid) throws Exception {
    Path base = write(Files.createDirectories(dir.resolve(name + "-config")), steps, steps);
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, "name: " + name + "\nconfig: " + base + "\ngrid:\n  seed: [1, 2]\n" + String.join("", extraGrid)
        + "workers: 1\nthreads: 1\n");
    Path out = dir.resolve(name);
    Console c = Console.run("sweep", spec.toString(), "--out", out.toString());
    if (c.code() != 0) {
      throw new IllegalStateException("sweep failed: " + c.out() + c.err());
    }
    return out;
  }
}
