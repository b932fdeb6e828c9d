package phaselab.lab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.config.ConfigException;

/** Sweep 'cases': settings that vary together, each crossed with the grid. */
class SweepCasesTest {
  @TempDir
  Path dir;

  private SweepSpec load(String body) throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "name: base\n");
    Path f = dir.resolve("sweep.yaml");
    Files.writeString(f, "name: s\nconfig: base.yaml\n" + body);
    return SweepSpec.load(f);
  }

  @Test
  void everyCaseIsCrossedWithTheGridAndNamedByBoth() throws Exception {
    SweepSpec s = load("""
        cases:
          - {train.batch_size: 4, train.steps: 5000}
          - {train.batch_size: 8, train.steps: 10000}
        grid:
          seed: [1, 2]
        set:
          probes.every: 10
        """);
    List<SweepSpec.Point> p = s.points();
    assertEquals(List.of("batch_size4_steps5000_seed1", "batch_size4_steps5000_seed2", "batch_size8_steps10000_seed1",
        "batch_size8_steps10000_seed2"), p.stream().map(SweepSpec.Point::id).toList());
    assertEquals(List.of("probes.every=10", "train.batch_size=8", "train.steps=10000", "seed=2"), p.get(3).overrides());
    assertEquals(List.of("train.batch_size", "train.steps", "seed"), List.copyOf(s.variedKeys()));
    // the copy kept in the sweep folder loads back to the same points
    Files.writeString(dir.resolve("copy.yaml"), s.toYaml());
    assertEquals(p, SweepSpec.load(dir.resolve("copy.yaml")).points());
  }

  @Test
  void casesAloneNeedNoGrid() throws Exception {
    SweepSpec s = load("cases:\n  - {optimizer.lr: 0.1}\n  - {optimizer.lr: 0.2}\n");
    assertEquals(List.of("lr0.1", "lr0.2"), s.points().stream().map(SweepSpec.Point::id).toList());
  }

  @Test
  void badCasesAreNamed() {
    var uneven = assertThrows(ConfigException.class, () -> load("cases:\n  - {a.b: 1}\n  - {a.c: 2}\n"));
    assertTrue(uneven.getMessage().contains("cases[1]") && uneven.getMessage().contains("same keys"), uneven.getMessage());
    var list = assertThrows(ConfigException.class, () -> load("cases:\n  - {a.b: [1, 2]}\n"));
    assertTrue(list.getMessage().contains("single value"), list.getMessage());
    var none = assertThrows(ConfigException.class, () -> load("set:\n  seed: 1\n"));
    assertTrue(none.getMessage().contains("'grid' is required"), none.getMessage());
  }
}
