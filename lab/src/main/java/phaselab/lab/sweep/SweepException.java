package phaselab.lab.sweep;

/** A sweep that cannot run as asked (a missing backend, a backend that failed); the message names the fix. */
public final class SweepException extends RuntimeException {
  public SweepException(String message) {
    super(message);
  }
}
