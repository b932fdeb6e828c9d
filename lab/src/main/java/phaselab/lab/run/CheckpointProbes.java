package phaselab.lab.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probe rows measured after training on a run's saved checkpoints ({@code phaselab probe run}), kept
 * in {@code probes/checkpoints.jsonl} beside the trainer's metrics.jsonl, which stays append-only
 * and owned by the trainer (a resume cuts it back to what its checkpoint saw). The rows have the
 * trainer's names ({@code probe/...}), so reports chart them with the rows written during training;
 * measuring a step again replaces that step's rows.
 */
public final class CheckpointProbes {
  public static final String FILE = "checkpoints.jsonl";

  private final Path file;
  /** What this measurement found: (step, metric) → value, in the order measured. */
  private final Map<Key, Double> rows = new LinkedHashMap<>();

  private record Key(long step, String metric) {}

  /** A measurement of {@code run}'s checkpoints; {@link #write} merges it into the rows already there. */
  public CheckpointProbes(RunDir run) {
    this.file = file(run);
  }

  public static Path file(RunDir run) {
    return run.path().resolve("probes").resolve(FILE);
  }

  public Path file() {
    return file;
  }

  /** Records one metric (its full name, {@code probe/...} as the trainer writes it) at {@code step}. */
  public void put(long step, String metric, double value) {
    rows.put(new Key(step, metric), value);
  }

  /**
   * Writes every row, ordered by step, atomically. Several `phaselab probe run`s may measure one run
   * at once (other checkpoints, other probes): under a lock on probes/checkpoints.lock the file is
   * read again and this measurement's rows merged into it, so none of theirs is lost.
   */
  public void write() throws IOException {
    Files.createDirectories(file.getParent());
    Path lock = file.resolveSibling("checkpoints.lock");
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
      Map<Key, Double> merged = new LinkedHashMap<>();
      for (RunDir.MetricRow r : RunDir.readMetricRows(file)) {
        merged.put(new Key(r.step(), r.metric()), r.value());
      }
      merged.putAll(rows);
      StringBuilder text = new StringBuilder();
      merged.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getKey().step()))
          .forEach(e -> text.append(RunJson.metricRow(e.getKey().step(), e.getKey().metric(), e.getValue())));
      SafeWrite.text(file, text.toString());
    }
  }

  /**
   * {@code trained} (metrics.jsonl's rows) with the checkpoint rows merged in: a checkpoint row
   * replaces a training row of the same step and metric, the others follow in step order.
   */
  static List<RunDir.MetricRow> merge(List<RunDir.MetricRow> trained, List<RunDir.MetricRow> measured) {
    if (measured.isEmpty()) {
      return trained;
    }
    Map<Key, Double> replaced = new LinkedHashMap<>();
    measured.forEach(r -> replaced.put(new Key(r.step(), r.metric()), r.value()));
    List<RunDir.MetricRow> out = new java.util.ArrayList<>();
    for (RunDir.MetricRow r : trained) {
      if (!replaced.containsKey(new Key(r.step(), r.metric()))) {
        out.add(r);
      }
    }
    out.addAll(measured);
    out.sort(Comparator.comparingLong(RunDir.MetricRow::step)); // stable: within a step, training rows first
    return out;
  }
}
