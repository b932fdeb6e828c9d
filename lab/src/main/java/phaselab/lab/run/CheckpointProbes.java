package phaselab.lab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  /** (step, metric) → value, in the order first measured. */
  private final Map<Key, Double> rows = new LinkedHashMap<>();

  private record Key(long step, String metric) {}

  /** The rows already measured on {@code run}'s checkpoints (none when the file is absent). */
  public CheckpointProbes(RunDir run) {
    this.file = file(run);
    try {
      for (RunDir.MetricRow r : RunDir.readMetricRows(file)) {
        rows.put(new Key(r.step(), r.metric()), r.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Writes every row, ordered by step, atomically. */
  public void write() throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    rows.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getKey().step()))
        .forEach(e -> text.append(RunJson.metricRow(e.getKey().step(), e.getKey().metric(), e.getValue())));
    SafeWrite.text(file, text.toString());
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
