package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the whole new file or the old one, and no temporary file outliving a killed write. */
class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void aWriteRemovesTheTemporariesOfKilledWritesOfTheSameFile() throws Exception {
    Path file = dir.resolve("model.safetensors");
    // What a write killed before its rename leaves: a hidden sibling with a random hex suffix.
    Path stale = dir.resolve(".model.safetensors.9e3779b97f4a7c15.tmp");
    Path otherFile = dir.resolve(".other.safetensors.9e37.tmp");
    Path userFile = dir.resolve(".model.safetensors.backup.tmp");
    for (Path p : new Path[] {stale, otherFile, userFile}) {
      Files.write(p, new byte[1000]);
    }
    AtomicFiles.write(file, new byte[] {1, 2});
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(otherFile), "another file's temporary is not this write's business");
    assertTrue(Files.exists(userFile), "a name the writer never makes is left alone");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(3, files.count());
    }
  }
}
