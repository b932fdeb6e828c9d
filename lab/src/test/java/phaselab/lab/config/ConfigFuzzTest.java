package phaselab.lab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

/**
 * Seeded fuzzing of config validation: the shipped configs, mutated (unknown keys, wrong types,
 * out-of-range and huge numbers, YAML anchors and aliases, deep nesting, deleted and duplicated
 * lines, flipped characters, bad --set overrides), each end in a {@link ConfigException} that
 * names the problem, or in a valid config; never in another exception, and no case allocates more
 * than a small multiple of its text (a huge number never becomes a huge array). The counts are
 * printed.
 */
@Tag("campaign")
class ConfigFuzzTest {
  /** Cases per run: 3_000 in CI; -Dphaselab.fuzz.config=N for a shorter or longer campaign. */
  static final int CASES = Integer.getInteger("phaselab.fuzz.config", 3_000);

  static List<String> shippedConfigs() throws Exception {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("..", "configs"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(p);
        if (!text.contains("sweep:")) { // sweep specs are validated by SweepSpec, not here
          texts.add(text);
        }
      }
    }
    return texts;
  }

  static String mutate(String text, RngStream r, String[] kind, List<String> overrides) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    int at = r.nextInt(lines.size());
    String line = lines.get(at);
    String indent = line.substring(0, line.length() - line.stripLeading().length());
    switch (r.nextInt(9)) {
      case 0 -> {
        kind[0] = "unknown key";
        lines.add(at + 1, indent + "bogus_" + r.nextInt(100) + ": 3");
      }
      case 1 -> {
        kind[0] = "wrong type";
        String[] values = {"\"text\"", "[1, 2]", "{a: 1}", "true", "null", "~", "''", "0x1F", "1_000"};
        lines.set(at, line.replaceFirst(":\\s*[^#\\s][^#]*", ": " + values[r.nextInt(values.length)]));
      }
      case 2 -> {
        kind[0] = "out of range or huge number";
        String[] values = {"-1", "0", "-0.0", "1e308", "1e400", "99999999999999999999999", ".nan", ".inf", "-.inf", "2147483648", "-2147483649"};
        lines.set(at, line.replaceFirst(":\\s*-?[0-9][0-9.eE+-]*", ": " + values[r.nextInt(values.length)]));
      }
      case 3 -> {
        kind[0] = "anchors and aliases";
        StringBuilder bomb = new StringBuilder("x0: &a0 [1, 2, 3]\n");
        int levels = 1 + r.nextInt(12);
        for (int l = 1; l <= levels; l++) {
          bomb.append("x").append(l).append(": &a").append(l).append(" [*a").append(l - 1).append(", *a").append(l - 1)
              .append(", *a").append(l - 1).append("]\n");
        }
        lines.add(0, bomb.toString());
      }
      case 4 -> {
        kind[0] = "deep nesting";
        int depth = 1 + r.nextInt(3000);
        lines.add("deep: " + "[".repeat(depth) + "]".repeat(depth));
      }
      case 5 -> {
        kind[0] = "deleted or duplicated line";
        if (r.nextInt(2) == 0) {
          lines.remove(at);
        } else {
          lines.add(at, line);
        }
      }
      case 6 -> {
        kind[0] = "flipped character";
        if (!line.isEmpty()) {
          char[] cs = line.toCharArray();
          String set = ":-[]{}&*!|>'\"#%@`\t 0a";
          cs[r.nextInt(cs.length)] = set.charAt(r.nextInt(set.length()));
          lines.set(at, new String(cs));
        }
      }
      case 7 -> {
        kind[0] = "bad --set override";
        String[] sets = {"train.steps=-5", "train=3", "model.width.x=1", "=1", "novalue", "task.name=nope", "train.steps=[1",
            "optimizer.lr=abc", "model.layers=1e9", "probes.names=[nope]", "seed=" + Long.MAX_VALUE, "train.batch_size=0"};
        overrides.add(sets[r.nextInt(sets.length)]);
      }
      default -> {
        kind[0] = "not a mapping";
        String[] texts = {"- a\n- b", "just text", "", "---\n---\n", "[1, 2]", "42", "\u0000\u0001"};
        return texts[r.nextInt(texts.length)];
      }
    }
    return String.join("\n", lines);
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  @Test
  void everyMutatedConfigEndsInANamedErrorOrAValidConfig() throws Exception {
    List<String> configs = shippedConfigs();
    assertThat(configs).hasSizeGreaterThan(10);
    RngStream r = new RngStream(2026, "config-fuzz");
    long maxAllocated = 0;
    Map<String, int[]> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      String[] kind = {""};
      List<String> overrides = new ArrayList<>();
      String text = mutate(configs.get(r.nextInt(configs.size())), r, kind, overrides);
      int[] o = outcomes.computeIfAbsent(kind[0], k -> new int[2]);
      long before = THREADS.getCurrentThreadAllocatedBytes();
      try {
        ConfigLoader.parse(text, "fuzz", overrides, "case-" + c);
        o[1]++;
      } catch (ConfigException e) {
        assertThat(e.getMessage()).isNotBlank();
        o[0]++;
      } catch (Throwable t) {
        if (failures.size() < 10) {
          failures.add("case " + c + " (" + kind[0] + ", overrides " + overrides + "): " + t);
        }
      }
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      if (c >= 500) { // after warm-up (class loading, compilation)
        maxAllocated = Math.max(maxAllocated, allocated);
        if (allocated > 64L * text.length() + (4 << 20) && failures.size() < 10) {
          failures.add("case " + c + " (" + kind[0] + "): allocated " + allocated + " bytes for " + text.length() + " characters");
        }
      }
    }
    System.out.println("config fuzz: " + CASES + " cases, failures " + failures.size() + ", most allocated by one case "
        + maxAllocated + " bytes");
    outcomes.forEach((k, o) -> System.out.printf("  %-30s %5d named errors, %5d valid%n", k, o[0], o[1]));
    if (!failures.isEmpty()) {
      fail("mutated configs that ended in something other than a named error:\n" + String.join("\n", failures));
    }
    assertThat(outcomes).hasSize(9);
    // meaningful only if the mutations reach both outcomes
    assertThat(outcomes.values().stream().mapToInt(o -> o[0]).sum()).as("named errors").isGreaterThanOrEqualTo(CASES / 10);
    assertThat(outcomes.values().stream().mapToInt(o -> o[1]).sum()).as("valid configs").isPositive();
  }
}
