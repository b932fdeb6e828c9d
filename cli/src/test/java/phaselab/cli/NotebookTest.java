package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/analysis.ipynb runs top to bottom on a real (small) sweep with Debian's
 * jupyter-nbconvert, python3-pandas and python3-matplotlib (CI installs them and sets
 * PHASELAB_REQUIRE_DATA=1; elsewhere the test is skipped without them): a failing cell fails it.
 */
@Tag("external")
class NotebookTest {
  @TempDir
  Path tmp;

  @Test
  void theAnalysisNotebookRunsOnASweep() throws Exception {
    boolean present = Files.isExecutable(Path.of("/usr/bin/jupyter-nbconvert"))
        && new ProcessBuilder("/usr/bin/python3", "-c", "import pandas, matplotlib").start().waitFor() == 0;
    if (System.getenv("PHASELAB_REQUIRE_DATA") != null) {
      assertThat(present).as("jupyter-nbconvert, python3-pandas and python3-matplotlib are installed").isTrue();
    }
    Assumptions.assumeTrue(present, "jupyter-nbconvert, python3-pandas or python3-matplotlib missing");
    Path sweep = RunFixtures.sweep(tmp, "nb", 20);
    Path root = Path.of("..").toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/jupyter-nbconvert", "--to", "notebook", "--execute",
        root.resolve("examples/analysis.ipynb").toString(), "--output", tmp.resolve("executed.ipynb").toString())
        .redirectErrorStream(true);
    pb.environment().put("PHASELAB_SWEEP", sweep.toString());
    pb.environment().put("PHASELAB_ROOT", root.toString());
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(log).isZero();
    String executed = Files.readString(tmp.resolve("executed.ipynb"));
    assertThat(executed).contains("2 runs in").contains("seeds >= 0.9").contains("parameter tensors").doesNotContain("\"ename\"");
    assertThat(sweep.resolve("gen-over-seeds.png")).exists();
  }
}
