package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.runtime.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights and metadata as one unit: a kill at any step keeps a consistent pair, and temporaries are cleaned. */
class ModelFilesTest {

  @TempDir Path dir;

  private static final byte[] OLD = {1, 2, 3};
  private static final byte[] NEW = {4, 5, 6, 7};

  private ModelFiles files() {
    return ModelFiles.of(dir, "demo.TinyNet");
  }

  private static Metadata describe(String sha) {
    return new Metadata("demo.Tiny", "demo.TinyNet", List.of(1L, 2L, 2L), List.of(), "data", null, null, Map.of(),
        Map.of(), new Fingerprint("n", "d", "s"), sha, false, null);
  }

  @Test
  void writesThePairAndReadsItBack() throws Exception {
    files().write(p -> AtomicFiles.write(p, OLD), ModelFilesTest::describe);
    assertArrayEquals(OLD, Files.readAllBytes(files().weights()));
    assertEquals(Fingerprint.sha256(OLD), files().readTrained().weightsSha256());
    assertFalse(Files.exists(files().next()));
  }

  @Test
  void aKillBeforeTheMetadataIsWrittenKeepsThePreviousModel() throws Exception {
    files().write(p -> AtomicFiles.write(p, OLD), ModelFilesTest::describe);
    // The new weights are written, then the process dies before the metadata's rename.
    assertThrows(IllegalStateException.class, () -> files().write(p -> AtomicFiles.write(p, NEW), sha -> {
      throw new IllegalStateException("killed");
    }));
    assertTrue(Files.exists(files().next()));
    Metadata meta = files().readTrained();
    assertEquals(Fingerprint.sha256(OLD), meta.weightsSha256());
    assertArrayEquals(OLD, Files.readAllBytes(files().weights()));
    assertFalse(Files.exists(files().next()), "the uncommitted weights are discarded");
  }

  @Test
  void aKillAfterTheMetadataIsWrittenIsCompletedByTheNextReader() throws Exception {
    files().write(p -> AtomicFiles.write(p, OLD), ModelFilesTest::describe);
    // The metadata naming the new weights is in place, then the process dies before the weights' rename.
    AtomicFiles.write(files().next(), NEW);
    describe(Fingerprint.sha256(NEW)).write(files().metadata());
    Metadata meta = files().readTrained();
    assertEquals(Fingerprint.sha256(NEW), meta.weightsSha256());
    assertArrayEquals(NEW, Files.readAllBytes(files().weights()));
  }

  @Test
  void staleTemporariesOfKilledWritesAreRemoved() throws Exception {
    files().write(p -> AtomicFiles.write(p, OLD), ModelFilesTest::describe);
    Path weightsTmp = dir.resolve(".Tiny.safetensors.3f2a9c.tmp");
    Path jsonTmp = dir.resolve(".Tiny.json.77.tmp");
    Path nextTmp = dir.resolve(".Tiny.next.safetensors.a1.tmp");
    Path unrelated = dir.resolve(".Tiny.json.notes.tmp");
    for (Path p : List.of(weightsTmp, jsonTmp, nextTmp, unrelated)) {
      Files.write(p, NEW);
    }
    files().readTrained();
    for (Path p : List.of(weightsTmp, jsonTmp, nextTmp)) {
      assertFalse(Files.exists(p), p.toString());
    }
    assertTrue(Files.exists(unrelated), "only names an atomic write makes are deleted");
  }

  @Test
  void readingWithoutATrainedModelSaysToTrain() {
    MojoFailureException e = assertThrows(MojoFailureException.class, () -> files().readTrained());
    assertTrue(e.getMessage().startsWith("no trained weights for Tiny: "), e.getMessage());
  }
}
