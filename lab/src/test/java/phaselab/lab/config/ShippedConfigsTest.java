package phaselab.lab.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every experiment config under configs/ parses and validates (sweep files, with a grid or cases, are checked by SweepSpec). */
class ShippedConfigsTest {
  @Test
  void everyShippedConfigIsValid() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("..", "configs"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(15);
    for (Path f : files) {
      String text = Files.readString(f);
      if (text.contains("\ngrid:") || text.contains("\ncases:")) { // a sweep file
        assertThat(phaselab.lab.sweep.SweepSpec.load(f).points()).as(f.toString()).isNotEmpty();
        continue;
      }
      ExperimentConfig c = ConfigLoader.parse(text, "x", List.of(), f.toString());
      assertThat(c.name()).as(f.toString()).isEqualTo(f.getFileName().toString().replace(".yaml", ""));
    }
  }
}
