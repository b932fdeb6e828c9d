package phaselab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phaselab} command. */
@Command(name = "phaselab", mixinStandardHelpOptions = true, version = "phaselab 0.1.0",
    description = "A laboratory for emergent phenomena in neural-network training.",
    subcommands = {BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
