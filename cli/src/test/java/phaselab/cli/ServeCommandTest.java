package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** phaselab serve's errors, and train --serve printing the run page's address. */
class ServeCommandTest {
  @TempDir
  Path tmp;

  @Test
  void trainServeTellsWhereToLook() throws Exception {
    Path config = RunFixtures.write(tmp, 10, 10);
    Console c = Console.run("train", config.toString(), "--out", tmp.resolve("runs/t").toString(), "--serve", "0", "--threads", "1");
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.out()).containsPattern("phaselab dashboard: http://127\\.0\\.0\\.1:\\d+/run\\?path=t");
    assertThat(Console.run("runs", tmp.resolve("runs").toString()).out()).containsPattern("t\\s+dyck.*finished");
  }

  @Test
  void badFolderAndPortAreNamed() {
    Console c = Console.run("serve", tmp.resolve("nothing").toString());
    assertThat(c.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(c.err()).contains("is not a folder");
    c = Console.run("serve", tmp.toString(), "--port", "70000");
    assertThat(c.err()).contains("--port must be 0 to 65535");
  }
}
