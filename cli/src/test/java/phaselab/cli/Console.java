package phaselab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs a command line in-process and captures what it printed. */
public record Console(int code, String out, String err) {
  public static Console run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      int code = Main.execute(args);
      return new Console(code, out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
