package phaselab.lab.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Hands a sweep to Slurm as one job array: one array task per unfinished point, each running the
 * same {@code phaselab train} (or {@code resume}, when the point already has a checkpoint — so a
 * task that Slurm requeues continues where it stopped) as the local backend, writing the same
 * run directory, log and exit-status file. Submits with {@code sbatch --parsable}, follows the job
 * with {@code squeue}, and reads per-task exit codes from the exit-status files, falling back to
 * {@code scontrol show job} for tasks Slurm killed (time limit, memory) before they could write one.
 * The sweep folder must be on a filesystem the compute nodes share; a task that finished without
 * leaving its start marker there is reported as that problem.
 */
public final class SlurmBackend {
  public static final String SCRIPT = "slurm/array.sbatch";

  private SlurmBackend() {}

  /** The batch script for {@code points}; {@code command} maps (point, resume?) to argv. */
  public static String script(SweepSpec spec, Path out, List<SweepSpec.Point> points,
      BiFunction<SweepSpec.Point, Boolean, List<String>> command) {
    Path dir = out.toAbsolutePath().normalize();
    SweepSpec.SlurmOptions o = spec.slurm();
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    s.append("# written by phaselab sweep --backend slurm: one array task per sweep point\n");
    s.append("#SBATCH --job-name=phaselab-").append(spec.name().replaceAll("[^A-Za-z0-9._-]", "_")).append('\n');
    s.append("#SBATCH --array=0-").append(points.size() - 1).append(o.maxConcurrent() > 0 ? "%" + o.maxConcurrent() : "").append('\n');
    s.append("#SBATCH --cpus-per-task=").append(o.cpus()).append('\n');
    s.append("#SBATCH --ntasks=1\n");
    if (o.memory() != null) {
      s.append("#SBATCH --mem=").append(o.memory()).append('\n');
    }
    if (o.time() != null) {
      s.append("#SBATCH --time=").append(o.time()).append('\n');
    }
    if (o.partition() != null) {
      s.append("#SBATCH --partition=").append(o.partition()).append('\n');
    }
    s.append("#SBATCH --chdir=").append(Path.of("").toAbsolutePath()).append('\n');
    s.append("#SBATCH --output=").append(dir.resolve("slurm")).append("/task-%A_%a.out\n");
    s.append("#SBATCH --requeue\n");
    for (String x : o.extra()) {
      s.append("#SBATCH ").append(x).append('\n');
    }
    s.append("\nset -u\nSWEEP=").append(quote(dir.toString())).append('\n');
    s.append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
    for (int i = 0; i < points.size(); i++) {
      SweepSpec.Point p = points.get(i);
      s.append("  ").append(i).append(") ID=").append(quote(p.id()))
          .append("\n     TRAIN=(").append(join(command.apply(p, false))).append(")")
          .append("\n     RESUME=(").append(join(command.apply(p, true))).append(") ;;\n");
    }
    s.append("  *) echo \"no sweep point for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n");
    s.append("""
        RUN="$SWEEP/$ID"
        mkdir -p "$SWEEP/logs" "$SWEEP/slurm"
        echo "$(hostname) job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}" > "$SWEEP/slurm/started-$ID"
        if ls "$RUN"/checkpoints/step-*.safetensors >/dev/null 2>&1; then
          "${RESUME[@]}" > "$SWEEP/logs/$ID.log" 2>&1
        else
          rm -rf "$RUN"   # never reached a checkpoint: start from scratch, as the local backend does
          "${TRAIN[@]}" > "$SWEEP/logs/$ID.log" 2>&1
        fi
        code=$?
        mkdir -p "$RUN"
        echo "$code" > "$RUN/exit_status"
        exit "$code"
        """);
    return s.toString();
  }

  /** Submits, waits for the array to leave the queue, reports each point; returns the failed count. */
  public static int run(SweepSpec spec, Path out, BiFunction<SweepSpec.Point, Boolean, List<String>> command, Duration poll,
      PrintStream log) throws Exception {
    List<SweepSpec.Point> todo = new ArrayList<>();
    for (SweepSpec.Point p : spec.points()) {
      if (SweepRunner.state(out.resolve(p.id())).equals("done")) {
        log.println("skip " + p.id() + " (done)");
      } else {
        todo.add(p);
        Files.deleteIfExists(out.resolve(p.id()).resolve(SweepRunner.STATUS)); // a re-run point reports afresh
        Files.deleteIfExists(out.resolve("slurm").resolve("started-" + p.id()));
      }
    }
    if (todo.isEmpty()) {
      return 0;
    }
    Path script = out.resolve(SCRIPT);
    Files.createDirectories(script.getParent());
    phaselab.lab.run.SafeWrite.text(script, script(spec, out, todo, command));
    String jobId = exec(List.of("sbatch", "--parsable", script.toAbsolutePath().toString())).trim().split(";")[0];
    phaselab.lab.run.SafeWrite.text(out.resolve("slurm").resolve("job_id"), jobId + "\n");
    log.printf("submitted %d points as Slurm array job %s (script %s)%n", todo.size(), jobId, script);
    String last = "";
    while (true) {
      Map<String, Integer> states = new TreeMap<>();
      for (String line : exec(List.of("squeue", "-h", "-r", "-j", jobId, "-o", "%T")).lines().toList()) {
        if (!line.isBlank()) {
          states.merge(line.trim().toLowerCase(), 1, Integer::sum);
        }
      }
      if (states.isEmpty()) {
        break;
      }
      String now = "slurm job " + jobId + ": " + states;
      if (!now.equals(last)) {
        log.println(now);
        last = now;
      }
      Thread.sleep(poll.toMillis());
    }
    String scontrol = execOrEmpty(List.of("scontrol", "-o", "show", "job", jobId));
    int failed = 0;
    for (int i = 0; i < todo.size(); i++) {
      SweepSpec.Point p = todo.get(i);
      Path status = out.resolve(p.id()).resolve(SweepRunner.STATUS);
      if (Files.exists(status)) {
        int code = Integer.parseInt(Files.readString(status).trim());
        log.printf("%s %s (exit %d)%n", code == 0 ? "done" : "FAILED", p.id(), code);
        failed += code == 0 ? 0 : 1;
        continue;
      }
      failed++;
      String slurm = taskLine(scontrol, i);
      if (!Files.exists(out.resolve("slurm").resolve("started-" + p.id())) && slurm.contains("COMPLETED")) {
        log.printf("FAILED %s: Slurm ran it but nothing appeared in %s; the sweep folder must be on a filesystem "
            + "the compute nodes share (e.g. your home or project directory, not /tmp)%n", p.id(), out.toAbsolutePath());
      } else {
        log.printf("FAILED %s: no exit status written; Slurm says %s%n", p.id(), slurm.isEmpty() ? "nothing (job record expired)" : slurm);
      }
    }
    return failed;
  }

  /** JobState and ExitCode of array task {@code index} from {@code scontrol -o show job} output. */
  static String taskLine(String scontrol, int index) {
    for (String line : scontrol.lines().toList()) {
      if (line.contains(" ArrayTaskId=" + index + " ")) {
        String state = line.replaceAll(".*\\bJobState=(\\S+).*", "$1");
        String exit = line.replaceAll(".*\\bExitCode=(\\S+).*", "$1");
        return "JobState=" + state + " ExitCode=" + exit;
      }
    }
    return "";
  }

  static String exec(List<String> argv) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("'" + argv.get(0) + "' is not available: --backend slurm needs the Slurm client commands (sbatch, squeue, "
          + "scontrol) on PATH, i.e. a login node of a Slurm cluster", e);
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    if (code != 0) {
      throw new IOException(String.join(" ", argv) + " failed (exit " + code + "): " + text.trim());
    }
    return text;
  }

  private static String execOrEmpty(List<String> argv) throws InterruptedException {
    try {
      return exec(argv);
    } catch (IOException e) {
      return "";
    }
  }

  /** A bash single-quoted word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String join(List<String> argv) {
    return String.join(" ", argv.stream().map(SlurmBackend::quote).toList());
  }
}
