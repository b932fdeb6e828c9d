package phaselab.lab.task.supervised;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.config.ExperimentConfig;

/** Reads a small slice of the real Debian files (required in CI: PHASELAB_REQUIRE_DATA=1). */
@Tag("external")
class FashionMnistTest {
  static final Path DIR = Path.of(phaselab.lab.config.FashionConfig.DEFAULT_DIR);

  static void requireData() {
    boolean present = Files.isDirectory(DIR);
    if ("1".equals(System.getenv("PHASELAB_REQUIRE_DATA"))) {
      assertThat(present).as(DIR + " must exist in CI (" + FashionMnist.INSTALL + ")").isTrue();
    }
    Assumptions.assumeTrue(present, "Fashion-MNIST not installed: " + FashionMnist.INSTALL);
  }

  @Test
  void readsTheRealFilesHeadersAndFirstLabels() throws IOException {
    requireData();
    Examples train = FashionMnist.load(DIR, "train", 10);
    Examples test = FashionMnist.load(DIR, "t10k", 10);
    assertThat(train.n()).isEqualTo(10);
    assertThat(train.inputDim()).isEqualTo(28 * 28);
    assertThat(train.labels()).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    assertThat(test.labels()).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
    float max = 0;
    for (float v : train.x()) {
      assertThat(v).isBetween(0f, 1f);
      max = Math.max(max, v);
    }
    assertThat(max).isEqualTo(1f);
  }

  @Test
  void aMissingOrAlteredFileIsNamedWithTheFix(@TempDir Path tmp) throws IOException {
    assertThatThrownBy(() -> FashionMnist.load(tmp, "train", 5)).hasMessageContaining("is missing")
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
    Files.write(tmp.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> FashionMnist.load(tmp, "train", 5)).hasMessageContaining("not the published");
  }
}
