package phaselab.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.cli.report.ReportWriter;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.DyckConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phaselab demo}: the main job on embedded defaults (configs/demo.yaml): a small causal LM
 * learns Dyck-(20, 10); ID and OOD closing-bracket accuracy; the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train a small causal LM on Dyck-(20,10) (configs/demo.yaml), evaluate ID and OOD accuracy, write the report.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "runs/demo", description = "run directory, replaced if it exists (default ${DEFAULT-VALUE})")
  Path out;
  @Mixin
  ThreadsOption threads;
  @Option(names = "--json", description = "end with one JSON line: report, id_acc, ood_acc, seconds")
  boolean json;
  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of the demo config")
  List<String> overrides = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    threads.apply();
    String yaml;
    try (InputStream in = DemoCommand.class.getResourceAsStream("/configs/demo.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ExperimentConfig c;
    try {
      c = ConfigLoader.parse(yaml, "demo", overrides, "configs/demo.yaml");
    } catch (ConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    RunDir run = new RunDir(out);
    if (Files.exists(out)) {
      if (!run.exists()) {
        throw new Cli.UserError("'" + out + "' exists and is not a run directory; choose another --out");
      }
      RunDir.deleteTree(out); // the demo always starts fresh
    }
    Files.createDirectories(out);
    if (!(c.task() instanceof DyckConfig dyck)) {
      throw new Cli.UserError("the demo trains on Dyck; --set task.name=" + c.task().name() + " is not for it (use phaselab train)");
    }
    System.out.println("phaselab demo: training a " + c.model().layers() + "-layer causal LM on Dyck-(" + dyck.k() + ", "
        + dyck.m() + ") for " + c.train().steps() + " steps into " + out);
    var eval = TrainRunner.run(c, run, false);
    Path report = ReportWriter.write(run, false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double id = eval.get("id").get("closing_acc");
    double ood = eval.get("ood").get("closing_acc");
    System.out.printf("%nDyck-(%d, %d) closing-bracket accuracy: in-distribution %.4f, held-out structures %.4f (far: %.4f / %.4f)%n",
        dyck.k(), dyck.m(), id, ood, eval.get("id").get("closing_acc_far"), eval.get("ood").get("closing_acc_far"));
    System.out.printf("report: %s (%.0f s)%n", report, seconds);
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("report", report.toString());
      o.put("run", out.toString());
      o.put("id_acc", id);
      o.put("ood_acc", ood);
      o.put("id_acc_far", eval.get("id").get("closing_acc_far"));
      o.put("ood_acc_far", eval.get("ood").get("closing_acc_far"));
      o.put("seconds", Math.round(seconds * 10) / 10.0);
      System.out.println(RunJson.write(o));
    }
    return Cli.OK;
  }
}
