package phaselab.lab.pretrained;

import java.io.IOException;

/** A pre-trained model or tokenizer that cannot be imported; the message names the cause and the fix. */
public final class ImportException extends IOException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
