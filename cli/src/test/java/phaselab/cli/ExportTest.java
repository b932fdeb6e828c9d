package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.run.RunDir;

/**
 * phaselab export: metrics.csv and wide.csv hold every row (NaN as NaN), and the TensorBoard event
 * file is read back by an independent reader (Debian's python3-protobuf with TensorBoard's event
 * and summary messages compiled by protoc; CI installs both, elsewhere that part is skipped) with
 * every step and value.
 */
@Tag("external")
class ExportTest {
  @TempDir
  Path tmp;

  @Test
  void csvAndTensorBoardHoldEveryRow() throws Exception {
    Path cfg = RunFixtures.write(tmp, 20, 10);
    Path run = tmp.resolve("tiny-run");
    assertThat(Main.execute("train", cfg.toString(), "--out", run.toString())).isZero();
    Files.writeString(run.resolve(RunDir.METRICS), "{\"step\":20,\"metric\":\"probe/diverged\",\"value\":\"NaN\"}\n",
        StandardOpenOption.APPEND);
    List<RunDir.MetricRow> rows = new RunDir(run).readMetrics();
    Path out = tmp.resolve("export");
    Console c = Console.run("export", run.toString(), "--to", out.toString());
    assertThat(c.code()).as(c.out() + c.err()).isZero();

    List<String> longForm = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(longForm.get(0)).isEqualTo("run,step,metric,value");
    assertThat(longForm).hasSize(rows.size() + 1).contains("tiny-run,20,probe/diverged,NaN");
    for (int i = 0; i < rows.size(); i++) {
      String[] f = longForm.get(i + 1).split(",");
      assertThat(Long.parseLong(f[1])).isEqualTo(rows.get(i).step());
      assertThat(f[2]).isEqualTo(rows.get(i).metric());
      assertThat(Double.doubleToLongBits(Double.parseDouble(f[3]))).isEqualTo(Double.doubleToLongBits(rows.get(i).value()));
    }
    List<String> wide = Files.readAllLines(out.resolve("wide.csv"));
    assertThat(wide.get(0)).startsWith("run,step,").contains("train/loss").contains("probe/diverged");
    assertThat(wide).hasSize(1 + (int) rows.stream().mapToLong(RunDir.MetricRow::step).distinct().count());

    Path events = out.resolve("tensorboard").resolve("tiny-run").resolve("events.out.tfevents.0.phaselab");
    assertThat(events).exists();
    boolean python = new ProcessBuilder("/usr/bin/python3", "-c", "import google.protobuf").start().waitFor() == 0;
    boolean protoc = Files.isExecutable(Path.of("/usr/bin/protoc"));
    if (System.getenv("PHASELAB_REQUIRE_DATA") != null) {
      assertThat(python && protoc).as("python3-protobuf and protobuf-compiler are installed (apt-get install python3-protobuf "
          + "protobuf-compiler)").isTrue();
    }
    Assumptions.assumeTrue(python && protoc, "python3-protobuf or protobuf-compiler missing");
    Path protoDir = Files.createDirectories(tmp.resolve("proto"));
    Path src = Path.of("src/test/python");
    Files.copy(src.resolve("event.proto"), protoDir.resolve("event.proto"));
    Process compile = new ProcessBuilder("protoc", "--proto_path=" + protoDir, "--python_out=" + protoDir, "event.proto")
        .redirectErrorStream(true).start();
    assertThat(compile.waitFor()).as(new String(compile.getInputStream().readAllBytes())).isZero();
    Process read = new ProcessBuilder("/usr/bin/python3", src.resolve("read_tfevents.py").toString(), protoDir.toString(), events.toString())
        .redirectErrorStream(true).start();
    String text = new String(read.getInputStream().readAllBytes());
    assertThat(read.waitFor()).as(text).isZero();
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(rows.size());
    List<String> expected = new ArrayList<>();
    for (RunDir.MetricRow r : rows) {
      expected.add(r.step() + "\t" + r.metric());
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] f = lines.get(i).split("\t");
      assertThat(f[0] + "\t" + f[1]).isEqualTo(expected.get(i));
      double v = Double.parseDouble(f[2].replace("nan", "NaN").replace("inf", "Infinity"));
      // TensorBoard scalars are float32: each value is the row's value rounded to float
      assertThat(Float.floatToIntBits((float) v)).isEqualTo(Float.floatToIntBits((float) rows.get(i).value()));
    }
  }

  @Test
  void aSweepExportsEveryPointWithItsAxes() throws Exception {
    Path sweep = RunFixtures.sweep(tmp, "sw", 10, "  model.layers: [1]\n");
    Path out = tmp.resolve("export");
    Console c = Console.run("export", sweep.toString(), "--to", out.toString());
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    List<String> longForm = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(longForm.get(0)).isEqualTo("run,seed,model.layers,step,metric,value");
    assertThat(longForm.stream().filter(l -> l.startsWith("seed1_layers1,1,1,")).count()).isGreaterThan(5);
    assertThat(longForm.stream().filter(l -> l.startsWith("seed2_layers1,2,1,")).count()).isGreaterThan(5);
    assertThat(out.resolve("tensorboard").resolve("seed2_layers1").resolve("events.out.tfevents.0.phaselab")).exists();
  }
}
