package dev.fovea.runtime;

import java.nio.file.Path;

/** A data or weights file that is missing, unreadable or malformed; the message names the file. */
public class DataFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** A problem with {@code file}; the message is {@code <file>: <problem>}. */
  public DataFileException(Path file, String problem) {
    this(file, problem, null);
  }

  /** A problem with {@code file} caused by {@code cause}; the message is {@code <file>: <problem>}. */
  public DataFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
