package phaselab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code phaselab} command. */
@Command(name = "phaselab", mixinStandardHelpOptions = true, version = "phaselab 0.1.0",
    description = "A laboratory for emergent phenomena in neural-network training.",
    subcommands = {DemoCommand.class, TrainCommand.class, ResumeCommand.class, EvalCommand.class, RunsCommand.class, ImportCommand.class, ExportCommand.class, PatchCommand.class,
        DataCommand.class, ReportCommand.class, ProbeCommand.class, SweepCommand.class, ServeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (isBadInput(e)) {
        cmd.getErr().println("phaselab: " + e.getMessage());
        return Cli.BAD_INPUT;
      }
      if (e instanceof phaselab.lab.train.NonFiniteException || e instanceof phaselab.lab.train.Trainer.CheckpointWriteException) {
        cmd.getErr().println("phaselab: training stopped: " + e.getMessage());
        return Cli.FAILED;
      }
      if (e instanceof phaselab.lab.train.Trainer.InterruptedRunException ie) {
        cmd.getErr().println("phaselab: interrupted; checkpoint written at step " + ie.step + ". Continue with: phaselab resume RUN_DIR");
        return Cli.INTERRUPTED;
      }
      Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
      if (io instanceof java.io.IOException && String.valueOf(io.getMessage()).startsWith("could not write ")) {
        cmd.getErr().println("phaselab: " + io.getMessage()); // SafeWrite's message names the file and the fix
        return Cli.FAILED;
      }
      cmd.getErr().println("phaselab: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return Cli.FAILED;
    });
    return cl.execute(args);
  }

  /**
   * Errors of the input, each layer's own type: the command line's, a run folder's, a report's, the
   * dashboard's and a sweep's. Their messages name the cause and the fix, so they print as one line.
   */
  private static boolean isBadInput(Exception e) {
    return e instanceof Cli.UserError || e instanceof phaselab.lab.run.RunFolderException || e instanceof phaselab.cli.report.ReportException
        || e instanceof phaselab.cli.serve.ServeException || e instanceof phaselab.lab.sweep.SweepException;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
