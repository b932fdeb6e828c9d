package phaselab.cli.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import phaselab.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab serve [DIR]}: the live dashboard over a folder of runs and sweeps. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "A live dashboard in the browser over a folder of runs (default runs/): runs table, run pages with every metric, "
        + "sweep status and curves beside the reference, compare view. Read-only; listens on 127.0.0.1 unless --host says otherwise.")
public final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "runs")
  Path dir;
  @Option(names = "--port", defaultValue = "8765", description = "port (0: any free one; default ${DEFAULT-VALUE})")
  int port;
  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address to listen on (default ${DEFAULT-VALUE}, this machine only); another exposes the runs to the network")
  String host;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new Cli.UserError("'" + dir + "' is not a folder; train something first (phaselab demo) or name a folder of runs");
    }
    if (port < 0 || port > 65535) {
      throw new Cli.UserError("--port must be 0 to 65535, got " + port);
    }
    try (Dashboard d = start(dir, host, port)) {
      System.out.println("phaselab dashboard: " + d.url() + "  (serving " + dir.toAbsolutePath().normalize() + "; Ctrl-C stops it)");
      new CountDownLatch(1).await();
    }
    return Cli.OK;
  }

  /** Starts the dashboard, warning when it is reachable from other machines. */
  public static Dashboard start(Path dir, String host, int port) throws java.io.IOException {
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      System.err.println("phaselab serve: warning: listening on " + host + ": anyone who can reach this address can read the runs "
          + "(configs, logs, metrics). The dashboard has no login; prefer an SSH tunnel to 127.0.0.1.");
    }
    try {
      return Dashboard.start(dir, host, port);
    } catch (java.net.BindException e) {
      throw new Cli.UserError("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose another --port");
    }
  }
}
