package dev.fovea.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes files atomically: readers see the old file or the whole new one, never half a file. */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes a file's content to an open channel. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content to {@code channel}, which the caller closes. */
    void writeTo(FileChannel channel) throws IOException;
  }

  /** Replaces {@code file} with {@code bytes}. */
  public static void write(Path file, byte[] bytes) {
    write(file, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
  }

  /**
   * Replaces {@code file} with what {@code content} writes: to a temporary sibling, forced to disk and
   * renamed over the target. The parent directory must exist.
   *
   * @throws DataFileException naming the file if anything fails; the temporary file is removed
   */
  public static void write(Path file, Content content) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(target, "cannot write: directory " + dir + " does not exist");
    }
    removeStaleTemporaries(target);
    // A hidden sibling on the same file system, so the final rename can be atomic.
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path tmp = dir.resolve("." + target.getFileName() + "." + suffix + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new DataFileException(target, "cannot write: " + e, e);
    }
  }

  /**
   * Deletes temporary siblings that earlier writes of {@code file} left behind when they were killed before the
   * rename (a killed process cannot clean up after itself). Best effort: a file that cannot be deleted stays.
   */
  public static void removeStaleTemporaries(Path file) {
    Path target = file.toAbsolutePath();
    String prefix = "." + target.getFileName() + ".";
    try (java.util.stream.Stream<Path> siblings = Files.list(target.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp") && isTemporarySuffix(name, prefix.length())) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // best effort: stale temporaries waste space but never hide or replace the real file
    }
  }

  // Only names this class makes: "." + name + "." + hex + ".tmp".
  private static boolean isTemporarySuffix(String name, int from) {
    String middle = name.substring(from, name.length() - ".tmp".length());
    return !middle.isEmpty() && middle.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** Writes all of {@code buffer}; a channel may take less than all in one call. */
  public static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
  }

  // Makes the rename itself durable on POSIX file systems; elsewhere directories cannot be opened,
  // and the rename is as durable as the platform allows.
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }
}
