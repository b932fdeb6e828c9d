package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;
import phaselab.engine.rng.RngStream;

/**
 * kill -9 aimed at the phases of a training run, resuming after each: every checkpoint on disk
 * reads back intact after every kill, metrics.jsonl is always a byte prefix of an uninterrupted
 * run's, and the final checkpoint and metrics are bit-identical to it.
 *
 * <p>Kill moments are set in training steps, not wall-clock time (a wall-clock delay landed every
 * kill in JVM start-up on a fast machine): each kill draws a phase and a step from a seeded stream,
 * the parent watches metrics.jsonl (one row per step: log_every 1) until the run is at that phase
 * past that step, and kills after a 0–2 ms jitter. What the kill actually hit is read back from the
 * files: the next row the uninterrupted run wrote after the killed run's last one, and a checkpoint
 * being written. The campaign asserts its own coverage (kills after start-up, every phase hit,
 * checkpoint reads) and fails saying which target it could not reach.
 */
@Tag("campaign")
class KillCampaignTest {
  static final int KILLS = 20;
  static final int MAX_KILLS = 40; // extra kills aim at phases the first 20 missed
  static final int STEPS = 400;
  static final int CHECKPOINT_EVERY = 5;
  private static final Pattern ROW = Pattern.compile("\"step\":(\\d+),\"metric\":\"([^\"]+)\"");

  enum Phase { STARTUP, STEP, EVALUATION, PROBE, CHECKPOINT }

  @TempDir
  Path tmp;

  private record Row(long step, String metric) {}

  /** The complete rows of a metrics file (a row being appended at the kill is not counted). */
  static List<Row> rows(Path metrics) throws Exception {
    if (!Files.exists(metrics)) {
      return List.of();
    }
    String text = Files.readString(metrics, StandardCharsets.UTF_8);
    List<Row> out = new ArrayList<>();
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        out.add(new Row(Long.parseLong(m.group(1)), m.group(2)));
      }
    }
    return out;
  }

  /** The newest step in a run's metrics.jsonl (where it was when it was killed), or -1. */
  static long lastLoggedStep(Path run) throws Exception {
    return rows(run.resolve("metrics.jsonl")).stream().mapToLong(Row::step).max().orElse(-1);
  }

  /** The step a (re)started process begins at: its newest checkpoint's, or 0. */
  static long startStep(Path run) throws Exception {
    Path dir = run.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+\\.safetensors"))
          .mapToLong(n -> Long.parseLong(n.substring(5, n.length() - 12))).max().orElse(0);
    }
  }

  static boolean checkpointBeingWritten(Path run) throws Exception {
    Path dir = run.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  /**
   * What the run is doing, from its files: the row the uninterrupted run wrote next tells whether an
   * evaluation, the probes or a step (with its checkpoint first, on checkpoint steps) is under way.
   */
  static Phase phase(Path run, List<Row> reference, long start, long logMark) throws Exception {
    if (checkpointBeingWritten(run)) {
      return Phase.CHECKPOINT;
    }
    // start() and resume() log a line once metrics.jsonl is cut back to their checkpoint: before
    // that line the file still holds the killed process's rows, and the new one is starting up
    if (logSize(run) <= logMark) {
      return Phase.STARTUP;
    }
    List<Row> rows = rows(run.resolve("metrics.jsonl"));
    if (rows.size() >= reference.size()) {
      return Phase.STEP; // the final evaluation's rows are all there: the last checkpoint
    }
    Row next = reference.get(rows.size());
    if (next.metric().startsWith("eval/")) {
      return Phase.EVALUATION;
    }
    if (next.metric().startsWith("probe/")) {
      return Phase.PROBE;
    }
    long t = next.step();
    boolean checkpointDue = t % CHECKPOINT_EVERY == 0 && t > start && next.metric().equals("train/loss")
        && !Files.exists(run.resolve("checkpoints").resolve(String.format("step-%06d.safetensors", t)));
    return checkpointDue ? Phase.CHECKPOINT : Phase.STEP;
  }

  static long logSize(Path run) throws Exception {
    Path log = run.resolve("log.txt");
    return Files.exists(log) ? Files.size(log) : 0;
  }

  @Test
  void killsAimedAtEveryPhaseEndWithTheBitsOfAnUninterruptedRun() throws Exception {
    Path cfg = RunFixtures.write(tmp, STEPS, CHECKPOINT_EVERY, 1);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();
    List<Row> reference = rows(ref.resolve("metrics.jsonl"));
    byte[] referenceMetrics = Files.readAllBytes(ref.resolve("metrics.jsonl"));

    Path run = tmp.resolve("killed");
    Path log = tmp.resolve("children.log");
    RngStream r = new RngStream(17, "kill-campaign");
    Map<Phase, Integer> hits = new EnumMap<>(Phase.class);
    List<String> moments = new ArrayList<>();
    int kills = 0;
    int checkpointReads = 0;
    boolean finished = false;
    while (kills < MAX_KILLS && !(kills >= KILLS && hits.size() == Phase.values().length)) {
      Phase target = kills < KILLS ? drawTarget(r) : missing(hits);
      long start = startStep(run);
      long logMark = logSize(run);
      long targetStep = start + 1 + r.nextInt(STEPS / KILLS);
      boolean started = Files.exists(run.resolve("config.yaml"));
      Process p = started ? Child.start(log, "resume", run.toString()) : Child.start(log, "train", cfg.toString(), "--out", run.toString());
      if (target == Phase.STARTUP) {
        Thread.sleep(50 + r.nextInt(400)); // JVM start, data, restore: before the first step
      } else if (!waitFor(p, run, reference, start, logMark, target, targetStep)) {
        if (!p.isAlive() && p.exitValue() == 0) {
          finished = true;
          break; // the run completed before this kill
        }
        p.destroyForcibly();
        fail("kill campaign: could not reach phase " + target + " after step " + targetStep + " within 60 s (kills so far " + kills
            + ", phases hit " + hits + "); child log:\n" + Files.readString(log));
      }
      Thread.sleep(r.nextInt(3)); // jitter, so some kills land inside a write
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      kills++;
      Phase hit = phase(run, reference, start, logMark);
      hits.merge(hit, 1, Integer::sum);
      moments.add(target + "→" + hit + "@" + lastLoggedStep(run));
      byte[] metrics = Files.exists(run.resolve("metrics.jsonl")) ? Files.readAllBytes(run.resolve("metrics.jsonl")) : new byte[0];
      assertThat(metrics.length).isLessThanOrEqualTo(referenceMetrics.length);
      assertThat(Arrays.equals(metrics, 0, metrics.length, referenceMetrics, 0, metrics.length))
          .as("metrics.jsonl after kill %d is a prefix of the uninterrupted run's", kills).isTrue();
      try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
          Safetensors.read(f); // throws on any damage: no checkpoint is ever corrupt
          checkpointReads++;
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // killed before the first checkpoint
      }
    }
    int afterStart = kills - hits.getOrDefault(Phase.STARTUP, 0);
    System.out.println("kill campaign: " + kills + " kills (target→hit@last logged step) " + moments + "; phases hit " + hits + "; "
        + afterStart + " after start-up; " + checkpointReads + " checkpoint reads after kills, 0 corrupt");
    assertThat(finished).as("the run finished before the campaign's kills (a faster machine needs more STEPS)").isFalse();
    assertThat(kills).isGreaterThanOrEqualTo(KILLS);
    assertThat(afterStart).as("kills after start-up").isGreaterThanOrEqualTo(15);
    assertThat(hits.keySet()).as("phases hit (kills: %s)", moments).containsExactlyInAnyOrder(Phase.values());
    assertThat(checkpointReads).isGreaterThanOrEqualTo(100);
    assertThat(Main.execute("resume", run.toString())).isZero();
    Path last = run.resolve("checkpoints").resolve(String.format("step-%06d.safetensors", STEPS));
    assertThat(Files.readAllBytes(last)).isEqualTo(Files.readAllBytes(ref.resolve("checkpoints").resolve(last.getFileName())));
    assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(referenceMetrics);
  }

  /** Mostly steps and the writes around them; every phase with a fair share. */
  private static Phase drawTarget(RngStream r) {
    double u = r.nextDouble();
    return u < 0.1 ? Phase.STARTUP : u < 0.35 ? Phase.STEP : u < 0.55 ? Phase.EVALUATION : u < 0.75 ? Phase.PROBE : Phase.CHECKPOINT;
  }

  private static Phase missing(Map<Phase, Integer> hits) {
    return Arrays.stream(Phase.values()).filter(ph -> !hits.containsKey(ph)).findFirst().orElse(Phase.STEP);
  }

  /** Polls the run's files until it is in the target phase at or past the target step (true), or gives up (false). */
  private static boolean waitFor(Process p, Path run, List<Row> reference, long start, long logMark, Phase target,
      long targetStep) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Path metrics = run.resolve("metrics.jsonl");
    long seen = -1;
    while (p.isAlive() && System.nanoTime() < deadline) {
      long size = Files.exists(metrics) ? Files.size(metrics) : 0;
      if (size != seen || target == Phase.CHECKPOINT || target == Phase.EVALUATION) {
        seen = size;
        List<Row> rows = rows(metrics);
        long at = rows.isEmpty() ? -1 : rows.get(rows.size() - 1).step();
        if (at >= targetStep && phase(run, reference, start, logMark) == target) {
          return true;
        }
      }
      Thread.sleep(1);
    }
    return false;
  }
}
