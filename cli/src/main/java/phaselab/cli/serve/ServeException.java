package phaselab.cli.serve;

/** A dashboard that cannot start (a folder that is not one, a port in use); the message names the fix. */
public final class ServeException extends RuntimeException {
  public ServeException(String message) {
    super(message);
  }
}
