package phaselab.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Experiment;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;
import phaselab.lab.workload.Workload;

/**
 * Seeded fuzzing of the checkpoint loader on a real checkpoint of a small run: bit flips, truncation
 * and header rewrites (metadata values such as the step, tensor names, dtypes and shapes, which
 * the data checksum does not cover). Every case through {@link Checkpoint#load} (and
 * {@code loadParams}) ends in a named {@link SafetensorsException} or a valid restore, never in
 * another exception, allocates at most 16 times the file's size, and writes nothing. The counts are
 * printed.
 */
@Tag("campaign")
class CheckpointFuzzTest {
  /** Cases per run: 10_000 in CI; -Dphaselab.fuzz.checkpoint=N for a shorter or longer campaign. */
  static final int CASES = Integer.getInteger("phaselab.fuzz.checkpoint", 10_000);

  @TempDir
  Path tmp;

  private static String header(byte[] file) {
    long len = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(file, 8, (int) len, StandardCharsets.UTF_8);
  }

  private static byte[] withHeader(String json, byte[] file) {
    long len = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    byte[] data = java.util.Arrays.copyOfRange(file, 8 + (int) len, file.length);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
  }

  static byte[] mutate(byte[] good, RngStream r, String[] kind) {
    String h = header(good);
    switch (r.nextInt(5)) {
      case 0 -> {
        kind[0] = "bit flips";
        byte[] b = good.clone();
        for (int f = 0, n = 1 + r.nextInt(4); f < n; f++) {
          int at = r.nextInt(b.length);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        kind[0] = "truncation";
        return java.util.Arrays.copyOf(good, r.nextInt(good.length));
      }
      case 2 -> {
        kind[0] = "metadata value";
        String[] keys = {"\"step\":\"", "\"metrics_length\":\"", "\"format\":\"", "\"version\":\""};
        String[] values = {"x", "-1", "", "99999999999999999999", "1e3", " 7", "null"};
        String key = keys[r.nextInt(keys.length)];
        return withHeader(h.replaceFirst(java.util.regex.Pattern.quote(key) + "[^\"]*", java.util.regex.Matcher.quoteReplacement(key
            + values[r.nextInt(values.length)])), good);
      }
      case 3 -> {
        kind[0] = "tensor renamed or retyped";
        String[] from = {"\"param.", "\"optim.", "\"rng.", "\"F32\"", "\"I64\""};
        String[] to = {"\"parm.", "\"optimizer.", "\"rnd.", "\"I32\"", "\"F64\"", "\"I64\"", "\"F32\""};
        String f = from[r.nextInt(from.length)];
        return withHeader(h.replaceFirst(java.util.regex.Pattern.quote(f), java.util.regex.Matcher.quoteReplacement(
            to[r.nextInt(to.length)])), good);
      }
      default -> {
        kind[0] = "shape changed";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"shape\":\\[([0-9,]*)\\]").matcher(h);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(1), m.end(1)});
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        String[] shapes = {"", "1", "0", "2,2", "4", "1,1,1,1"};
        return withHeader(h.substring(0, s[0]) + shapes[r.nextInt(shapes.length)] + h.substring(s[1]), good);
      }
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  @Test
  void everyMutatedCheckpointEndsInANamedErrorOrAValidRestore() throws Exception {
    ExperimentConfig c = TrainerTest.tiny("train.steps=5", "train.checkpoint_every=5", "train.eval_every=5");
    RunDir run = new RunDir(tmp.resolve("run"));
    Trainer t = Experiment.trainer(c, run, Progress.silent());
    t.start();
    t.run();
    byte[] good = Files.readAllBytes(run.checkpoint(5));
    Workload w = Workloads.create(c);
    Map<String, Tensor> params = w.model().namedParameters();
    var optimizer = Optimizers.optimizer(c.optimizer(), params);
    Map<String, RngStream> rngs = new LinkedHashMap<>();
    for (String name : new String[] {"data", "dropout"}) {
      rngs.put(name, new RngStream(1, name));
    }
    RngStream r = new RngStream(2026, "checkpoint-fuzz");
    Map<String, int[]> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Path file = tmp.resolve("step-000005.safetensors");
    long maxAllocated = 0;
    for (int i = 0; i < CASES; i++) {
      String[] kind = {""};
      byte[] bad = mutate(good, r, kind);
      Files.write(file, bad);
      int[] o = outcomes.computeIfAbsent(kind[0], k -> new int[2]);
      long before = THREADS.getCurrentThreadAllocatedBytes();
      try {
        if (i % 2 == 0) {
          Checkpoint.load(file, params, optimizer, rngs);
        } else {
          Checkpoint.loadParams(file, params);
        }
        o[1]++;
      } catch (SafetensorsException e) {
        assertThat(e.getMessage()).contains(file.toString());
        o[0]++;
      } catch (Throwable e) {
        if (failures.size() < 10) {
          failures.add("case " + i + " (" + kind[0] + "): " + e);
        }
      }
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      if (i >= 1_000) { // after warm-up (class loading, compilation)
        maxAllocated = Math.max(maxAllocated, allocated);
        if (allocated > 16L * bad.length + (256 << 10) && failures.size() < 10) {
          failures.add("case " + i + " (" + kind[0] + "): allocated " + allocated + " bytes for a file of " + bad.length);
        }
      }
    }
    System.out.println("checkpoint fuzz: " + CASES + " cases, failures " + failures.size() + ", most allocated by one load "
        + maxAllocated + " bytes (checkpoint " + good.length + " bytes)");
    outcomes.forEach((k, o) -> System.out.printf("  %-28s %5d named errors, %5d valid%n", k, o[0], o[1]));
    if (!failures.isEmpty()) {
      fail("mutated checkpoints that ended in something other than a named error:\n" + String.join("\n", failures));
    }
    // loading wrote nothing: the folder holds the run and the one case file, the run's checkpoints unchanged
    try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly("run", "step-000005.safetensors");
    }
    assertThat(Files.readAllBytes(run.checkpoint(5))).isEqualTo(good);
    assertThat(outcomes).hasSize(5);
    // meaningful only if the mutations reach both outcomes
    assertThat(outcomes.values().stream().mapToInt(o -> o[0]).sum()).as("named errors").isGreaterThanOrEqualTo(CASES / 10);
    assertThat(outcomes.values().stream().mapToInt(o -> o[1]).sum()).as("valid restores").isPositive();
  }
}
