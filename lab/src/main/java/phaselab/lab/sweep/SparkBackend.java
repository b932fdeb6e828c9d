package phaselab.lab.sweep;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import phaselab.lab.run.RunJson;

/**
 * {@code phaselab sweep --backend spark --master URL}: writes the plan (each unfinished point's id
 * and its train and resume argvs) to SWEEP/spark/plan.json and starts the driver,
 * {@code phaselab.spark.SparkSweep}, from the optional spark module (built with
 * {@code ./mvnw -Pspark -pl spark -am package}; its class path is found beside this jar, or given by
 * -Dphaselab.spark.classpath or $PHASELAB_SPARK_CLASSPATH).
 */
public final class SparkBackend {
  /** What Spark's own launcher passes to a JDK 17+ (Spark reflects into these packages). */
  static final List<String> OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");

  private SparkBackend() {}

  public static int run(SweepSpec spec, Path out, BiFunction<SweepSpec.Point, Boolean, List<String>> command, String master, java.io.PrintStream log) throws Exception {
    if (master == null || master.isBlank()) {
      throw new SweepException("--backend spark needs --master URL (e.g. spark://host:7077, or local[4] on one machine)");
    }
    String classPath = classPath();
    List<Object> points = new ArrayList<>();
    for (SweepSpec.Point p : spec.points()) {
      if (SweepRunner.state(out.resolve(p.id())).equals("done")) {
        log.println("skip " + p.id() + " (done)");
        continue;
      }
      Files.deleteIfExists(out.resolve(p.id()).resolve(SweepRunner.STATUS));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("train", command.apply(p, false));
      m.put("resume", command.apply(p, true));
      points.add(m);
    }
    if (points.isEmpty()) {
      return 0;
    }
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("out", out.toAbsolutePath().normalize().toString());
    plan.put("points", points);
    Path file = out.resolve("spark").resolve("plan.json");
    Files.createDirectories(file.getParent());
    phaselab.lab.run.SafeWrite.text(file, RunJson.write(plan) + "\n");
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    argv.addAll(OPENS);
    argv.addAll(List.of("-cp", classPath, "phaselab.spark.SparkSweep", file.toAbsolutePath().toString(), master));
    log.printf("handing %d points to Spark at %s (plan %s)%n", points.size(), master, file);
    Process p = new ProcessBuilder(argv).inheritIO().start();
    int code = p.waitFor();
    int failed = 0;
    for (Object o : points) {
      String id = (String) ((Map<?, ?>) o).get("id");
      Path status = out.resolve(id).resolve(SweepRunner.STATUS);
      failed += Files.exists(status) && Files.readString(status).trim().equals("0") ? 0 : 1;
    }
    if (code != 0 && failed == 0) {
      throw new SweepException("the Spark driver failed (exit " + code + ") before reporting; see its output above");
    }
    return failed;
  }

  static String classPath() {
    String cp = System.getProperty("phaselab.spark.classpath", System.getenv("PHASELAB_SPARK_CLASSPATH"));
    if (cp != null && !cp.isBlank()) {
      return cp;
    }
    List<Path> roots = new ArrayList<>();
    Path jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]).toAbsolutePath();
    if (jar.getParent() != null && jar.getParent().getParent() != null && jar.getParent().getParent().getParent() != null) {
      roots.add(jar.getParent().getParent().getParent()); // …/cli/target/phaselab.jar → the project root
    }
    roots.add(Path.of("").toAbsolutePath());
    for (Path root : roots) {
      Path target = root.resolve("spark").resolve("target");
      if (Files.isRegularFile(target.resolve("phaselab-spark.jar")) && Files.isDirectory(target.resolve("lib"))) {
        return target.resolve("phaselab-spark.jar") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
      }
    }
    throw new SweepException("the Spark backend is an optional module that is not built; build it with: ./mvnw -Pspark -pl spark -am "
        + "package -DskipTests (it downloads about 220 MB), or set PHASELAB_SPARK_CLASSPATH");
  }
}
