package phaselab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import phaselab.cli.serve.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab serve [DIR]}: the live dashboard over a folder of runs and sweeps. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "A live dashboard in the browser over a folder of runs (default runs/): runs table, run pages with every metric, "
        + "sweep status and curves beside the reference, compare view. Read-only; listens on 127.0.0.1 unless --host says otherwise.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "runs")
  Path dir;
  @Option(names = "--port", defaultValue = "8765", description = "port (0: any free one; default ${DEFAULT-VALUE})")
  int port;
  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address to listen on (default ${DEFAULT-VALUE}, this machine only); another exposes the runs to the network")
  String host;

  @Override
  public Integer call() throws Exception {
    try (Dashboard d = Dashboard.start(dir, host, port)) {
      System.out.println("phaselab dashboard: " + d.url() + "  (serving " + dir.toAbsolutePath().normalize() + "; Ctrl-C stops it)");
      new CountDownLatch(1).await();
    }
    return Cli.OK;
  }
}
