package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.run.SafeWrite;

/**
 * Disk-full (a file-size limit, {@code ulimit -f}: the same IOException as a full disk) and
 * unwritable targets for the writers besides checkpoints (DiskFullTest): metrics.jsonl, reports,
 * {@code phaselab data} outputs, and the shared writer every probe file and the sweep's state go
 * through. Each stops with a message naming the file and leaves nothing a later read would take
 * as whole: no temp files, no half-written report or data file, metrics.jsonl only whole rows.
 */
@Tag("campaign")
class WriterFaultTest {
  @TempDir
  Path tmp;

  /** The command under a shell with {@code ulimit -f KB}; returns {exit code, output}. */
  private Object[] limited(int kb, String... args) throws Exception {
    StringBuilder cmd = new StringBuilder("ulimit -f " + kb + "; exec");
    for (String a : Child.command(args)) {
      cmd.append(" '").append(a).append("'");
    }
    Path log = tmp.resolve("out-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Object[] {p.exitValue(), Files.readString(log)};
  }

  private static List<Path> leftovers(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void metricsRowsThatDoNotFitStopTheRunNamingTheFileAndLeaveOnlyWholeRows() throws Exception {
    Path cfg = RunFixtures.write(tmp, 400, 1000, 1); // no checkpoint before the end; a metrics row every step
    Path run = tmp.resolve("run");
    Object[] r = limited(8, "train", cfg.toString(), "--out", run.toString());
    String out = (String) r[1];
    assertThat((int) r[0]).as(out).isEqualTo(Cli.FAILED);
    assertThat(out).contains("could not write").contains("metrics.jsonl").contains("File too large");
    byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
    assertThat(metrics.length).isGreaterThan(0);
    assertThat(metrics[metrics.length - 1]).as("metrics.jsonl ends with a whole row").isEqualTo((byte) '\n');
    assertThat(leftovers(run)).isEmpty();
  }

  @Test
  void aReportThatDoesNotFitIsNotLeftHalfWritten() throws Exception {
    Path cfg = RunFixtures.write(tmp, 40, 20);
    Path run = tmp.resolve("run");
    assertThat(Main.execute("train", cfg.toString(), "--out", run.toString())).isZero();
    Object[] r = limited(24, "report", run.toString());
    String out = (String) r[1];
    assertThat((int) r[0]).as(out).isEqualTo(Cli.FAILED);
    assertThat(out).contains("could not write").contains(run.toString()).contains("File too large");
    assertThat(run.resolve("report.html")).doesNotExist();
    assertThat(leftovers(run)).isEmpty();
    // with room, the same command writes it whole
    assertThat(Main.execute("report", run.toString())).isZero();
    assertThat(Files.readString(run.resolve("report.html"))).endsWith("</html>\n");
  }

  @Test
  void generatedDataThatDoesNotFitLeavesNoPartialFile() throws Exception {
    Path out = tmp.resolve("data");
    Object[] r = limited(16, "data", "question", "--out", out.toString());
    String text = (String) r[1];
    assertThat((int) r[0]).as(text).isEqualTo(Cli.FAILED);
    assertThat(text).contains("could not write").contains(out.toString());
    assertThat(leftovers(out)).isEmpty();
    // every file that is there is whole: the same bytes as an unlimited run's
    Path full = tmp.resolve("full");
    assertThat(Main.execute("data", "question", "--out", full.toString())).isZero();
    try (Stream<Path> s = Files.list(out)) {
      for (Path f : s.toList()) {
        assertThat(Files.readAllBytes(f)).as(f.toString()).isEqualTo(Files.readAllBytes(full.resolve(f.getFileName())));
      }
    }
  }

  @Test
  void anUnwritableTargetIsNamedAndTheOldFileKept() throws Exception {
    // as root no permission bit stops a write, so the folder is made impossible instead: a file where the folder should be
    Path blocker = tmp.resolve("probes");
    Files.writeString(blocker, "not a folder");
    Path target = blocker.resolve("align-x.json");
    var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> SafeWrite.text(target, "{}"));
    assertThat(e.getMessage()).startsWith("could not write " + target).contains("nothing partial was left");
    // an existing file survives a failed replacement whole
    Path kept = tmp.resolve("kept.json");
    SafeWrite.text(kept, "{\"old\": true}\n");
    Path dirWhereTempGoes = tmp.resolve(".kept.json.tmp");
    Files.createDirectories(dirWhereTempGoes.resolve("blocker")); // the temp file's path is taken by a non-empty folder
    var e2 = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> SafeWrite.text(kept, "{\"new\": true}\n"));
    assertThat(e2.getMessage()).contains(kept.toString());
    assertThat(Files.readString(kept)).isEqualTo("{\"old\": true}\n");
  }
}
