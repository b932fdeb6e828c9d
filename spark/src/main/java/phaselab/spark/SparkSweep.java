package phaselab.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import phaselab.lab.run.RunJson;
import phaselab.lab.sweep.PointRunner;

/**
 * The Spark sweep backend: each sweep point is one Spark task that starts the point's
 * {@code phaselab train} (or {@code resume}) process through {@link PointRunner} — the same code
 * the local pool runs — and returns its exit status as data. A failing point is a result, not an
 * exception, so Spark never retries a deterministic failure; a task lost with its executor is
 * retried by Spark and resumes from the point's last checkpoint.
 *
 * <p>Usage (started by {@code phaselab sweep --backend spark --master URL}):
 * {@code java … phaselab.spark.SparkSweep PLAN.json MASTER}, where the plan holds the sweep folder
 * and each point's id and two argvs. Prints one line per point; exits 1 if any failed.
 */
public final class SparkSweep {
  private SparkSweep() {}

  /** One point of the plan. */
  public record Task(String out, String id, List<String> train, List<String> resume) implements Serializable {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SparkSweep PLAN.json MASTER");
      System.exit(2);
    }
    List<Task> tasks = readPlan(Path.of(args[0]));
    List<String> results = run(tasks, args[1], Path.of(args[0]).getFileName().toString());
    if (!tasks.isEmpty()) {
      // where the driver listened (host / bind address), beside the sweep's logs: tests assert loopback
      Path logs = Path.of(tasks.get(0).out(), "logs");
      Files.createDirectories(logs);
      Files.writeString(logs.resolve("spark-driver.txt"), lastDriverHost + "\n");
    }
    int failed = 0;
    for (String r : results) {
      String[] f = r.split("\t");
      int code = Integer.parseInt(f[1]);
      failed += code == 0 ? 0 : 1;
      System.out.printf("%s %s (exit %d)%n", code == 0 ? "done" : "FAILED", f[0], code);
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /** Runs the tasks on {@code master}; returns "id TAB exit" per task, in plan order. */
  public static List<String> run(List<Task> tasks, String master, String name) {
    // executors load phaselab from the driver's class path: the sweep already requires a filesystem
    // every node shares, and so the same paths exist there (docs/scale-out.md)
    SparkConf conf = new SparkConf().setAppName("phaselab-sweep " + name).setMaster(master)
        .set("spark.ui.enabled", "false")
        .set("spark.task.maxFailures", "4")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
            .stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList()));
    if (loopbackMaster(master)) {
      // a master on this machine: the driver listens on loopback too, never on an external interface
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      lastDriverHost = sc.getConf().get("spark.driver.host", "") + " / " + sc.getConf().get("spark.driver.bindAddress", "");
      sc.setLogLevel("WARN");
      return sc.parallelize(tasks, Math.max(1, tasks.size())).map(SparkSweep::runTask).collect();
    }
  }

  /** The driver's host and bind address of the last run ("host / bind"), written to logs/spark-driver.txt. */
  static volatile String lastDriverHost = "";

  /** True for local[...] and for a master URL on a loopback address or localhost. */
  static boolean loopbackMaster(String master) {
    if (master.startsWith("local")) {
      return true;
    }
    String host = master.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  static String runTask(Task t) {
    int code;
    try {
      code = PointRunner.run(Path.of(t.out()), t.id(), t.train(), t.resume());
    } catch (Exception e) {
      code = 127; // could not start the process (e.g. no java or no shared folder on this worker)
      try {
        Files.createDirectories(Path.of(t.out(), t.id()));
        Files.writeString(Path.of(t.out(), t.id(), "exit_status"), code + "\n");
        Files.writeString(Path.of(t.out(), "logs", t.id() + ".log"), "phaselab spark task: " + e + "\n");
      } catch (Exception ignored) {
        // the folder is not writable here: the exit status still comes back as data
      }
    }
    return t.id() + "\t" + code;
  }

  @SuppressWarnings("unchecked")
  static List<Task> readPlan(Path plan) throws Exception {
    Map<String, Object> m = (Map<String, Object>) RunJson.parse(Files.readString(plan));
    String out = (String) m.get("out");
    List<Task> tasks = new ArrayList<>();
    for (Object o : (List<Object>) m.get("points")) {
      Map<String, Object> p = (Map<String, Object>) o;
      tasks.add(new Task(out, (String) p.get("id"), strings(p.get("train")), strings(p.get("resume"))));
    }
    return tasks;
  }

  private static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }
}
