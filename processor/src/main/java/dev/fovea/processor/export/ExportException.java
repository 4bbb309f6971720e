package dev.fovea.processor.export;

/** An export that cannot proceed, with one readable sentence saying why and what to do. */
public final class ExportException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
