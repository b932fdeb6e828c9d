package phaselab.cli.report;

/** A report that cannot be written from what the folder holds; the message names the cause and the fix. */
public final class ReportException extends RuntimeException {
  public ReportException(String message) {
    super(message);
  }
}
