package phaselab.lab.train;

/** Training produced NaN or ±∞; the message names the step and the tensor. */
public final class NonFiniteException extends RuntimeException {
  public NonFiniteException(String message) {
    super(message);
  }
}
