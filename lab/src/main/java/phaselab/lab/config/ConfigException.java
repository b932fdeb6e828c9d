package phaselab.lab.config;

/** A config that does not validate; the message names the key, the problem and the valid choices. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
