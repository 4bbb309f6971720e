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

  /**
   * A problem with data that came from a stream or a class-path resource rather than a file; the message is
   * {@code <source>: <problem>} and {@link #file()} is null.
   */
  public DataFileException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.file = null;
  }

  /** The offending file, or null when the data came from a stream or resource. */
  public Path file() {
    return file;
  }
}
