package phaselab.engine.tensor;

/** A tensor had the wrong shape; the message names the tensor, the expected and the actual shape. */
public final class ShapeException extends IllegalArgumentException {
  public ShapeException(String message) {
    super(message);
  }
}
