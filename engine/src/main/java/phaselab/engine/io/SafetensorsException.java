package phaselab.engine.io;

/** A safetensors file is unreadable; the message names the file, the problem and what to do. */
public final class SafetensorsException extends java.io.IOException {
  public SafetensorsException(String message) {
    super(message);
  }
}
