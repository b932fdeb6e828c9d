package phaselab.lab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files of one run and the append-only writers for its metrics and log. */
public final class RunDir {
  public static final String CONFIG = "config.yaml";
  public static final String METRICS = "metrics.jsonl";
  public static final String LOG = "log.txt";
  public static final String CHECKPOINTS = "checkpoints";
  /** Held (with the trainer's process id) while a trainer trains the run. */
  public static final String LOCK = "running.lock";
  /** Log lines that end a run (see {@link RunStatus}). */
  public static final String DONE = "done:";
  public static final String STOPPED = "stopped:";
  public static final String FAILED = "failed:";
  private static final Pattern CKPT = Pattern.compile("step-(\\d+)\\.safetensors");

  private final Path dir;

  public RunDir(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  public Path config() {
    return dir.resolve(CONFIG);
  }

  public Path metrics() {
    return dir.resolve(METRICS);
  }

  public Path log() {
    return dir.resolve(LOG);
  }

  public Path lock() {
    return dir.resolve(LOCK);
  }

  public RunStatus status() {
    return RunStatus.of(this);
  }

  public Path checkpoints() {
    return dir.resolve(CHECKPOINTS);
  }

  /** The checkpoint file for a step. */
  public Path checkpoint(long step) {
    return checkpoints().resolve(String.format("step-%06d.safetensors", step));
  }

  /** True when the folder looks like a run (has config.yaml). */
  public boolean exists() {
    return Files.isRegularFile(config());
  }

  /** Checkpoint steps present, newest first. */
  public List<Long> checkpointSteps() {
    List<Long> steps = new ArrayList<>();
    if (Files.isDirectory(checkpoints())) {
      try (var files = Files.list(checkpoints())) {
        files.forEach(f -> {
          Matcher m = CKPT.matcher(f.getFileName().toString());
          if (m.matches()) {
            steps.add(Long.parseLong(m.group(1)));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    steps.sort((a, b) -> Long.compare(b, a));
    return steps;
  }

  /** Appends one metric row {"step", "metric", "value"} and flushes it to the file. */
  public void metric(long step, String metric, double value) {
    try {
      append(metrics(), RunJson.metricRow(step, metric, value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends a line to log.txt. */
  public void log(String line) {
    try {
      append(log(), line + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void append(Path file, String text) throws IOException {
    SafeWrite.append(file, text);
  }

  /** Current size of metrics.jsonl in bytes (0 if absent). */
  public long metricsLength() {
    try {
      return Files.exists(metrics()) ? Files.size(metrics()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts metrics.jsonl back to {@code length} bytes (what a checkpoint saw), dropping later rows. */
  public void truncateMetrics(long length) throws IOException {
    if (Files.exists(metrics())) {
      try (FileChannel ch = FileChannel.open(metrics(), StandardOpenOption.WRITE)) {
        ch.truncate(length);
      }
    }
  }

  /**
   * All metric rows (a truncated last line, from a crash, is skipped), with the probe rows measured
   * later on the run's checkpoints ({@link CheckpointProbes}) merged in by step.
   */
  public List<MetricRow> readMetrics() throws IOException {
    return CheckpointProbes.merge(readMetricRows(metrics()), readMetricRows(CheckpointProbes.file(this)));
  }

  /** The {step, metric, value} rows of metrics.jsonl or of a probe's .jsonl; none when the file is absent. */
  public static List<MetricRow> readMetricRows(Path file) throws IOException {
    List<MetricRow> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(RunJson.read(line, MetricRow.class));
      } catch (Exception e) {
        // a partial line written at the moment of a crash: ignore it
      }
    }
    return rows;
  }

  /** Deletes a folder and everything in it (for runs that must start from scratch). */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** One row of metrics.jsonl. */
  public record MetricRow(long step, String metric, double value) {}
}
