package phaselab.lab.run;

/**
 * A folder that cannot be read as a run: not a run directory, or its resolved config unreadable.
 * The message names the folder, the cause and the fix; the command line prints it as one line.
 */
public final class RunFolderException extends RuntimeException {
  public RunFolderException(String message) {
    super(message);
  }
}
