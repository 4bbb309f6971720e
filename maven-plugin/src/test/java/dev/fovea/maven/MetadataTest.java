package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata file: written and read back unchanged, and a damaged one named with advice. */
class MetadataTest {

  @TempDir Path dir;

  private static Metadata sample(Double mean, Double std) {
    return new Metadata("demo.LeNet5", "demo.LeNet5Net", List.of(1L, 28L, 28L), List.of("a", "b"), "data/x",
        mean, std, Map.of("seed", 42L), Map.of("trainAccuracy", 0.5), new Fingerprint("n", "d", "s"), "abc", mean != null,
        mean == null ? null : Map.of("color", "rgb", "height", 28L));
  }

  @Test
  void roundTrips() throws MojoFailureException {
    Path file = dir.resolve("LeNet5.json");
    for (Metadata m : List.of(sample(0.25, 0.5), sample(null, null))) {
      m.write(file);
      assertEquals(m, Metadata.read(file));
    }
    assertNull(Metadata.read(dir.resolve("absent.json")));
  }

  @Test
  void namesTheFileOfDamagedMetadata() throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, "{\"format\": \"fovea-model/1\",");
    assertMessage(file, "m.json: not valid JSON (");
    Files.writeString(file, "{\"format\": \"fovea-model/0\"}");
    assertMessage(file, "m.json: malformed metadata (format is not fovea-model/1): delete it and retrain");
    Files.writeString(file, Files.readString(write(sample(0.2, 0.3))).replace("\"std\": 0.3", "\"std\": -1"));
    assertMessage(file, String.format(Metadata.PREPROCESSING_RANGE, 0.2, -1.0));
    for (String std : new String[] {"1e999", "1e-320", "0", "0.6"}) {
      Files.writeString(file, Files.readString(write(sample(0.2, 0.3))).replace("\"std\": 0.3", "\"std\": " + std));
      assertMessage(file, String.format(Metadata.PREPROCESSING_RANGE, 0.2, Double.parseDouble(std)));
    }
    Files.writeString(file, Files.readString(write(sample(0.2, 0.3))).replace("\"mean\": 0.2", "\"mean\": -1e999"));
    assertMessage(file, String.format(Metadata.PREPROCESSING_RANGE, Double.NEGATIVE_INFINITY, 0.3));
    Files.writeString(file, Files.readString(write(sample(null, null))).replace("\"labels\": [\"a\", \"b\"]",
        "\"labels\": [1]"));
    assertMessage(file, "\"labels\" holds 1, expected String values");
  }

  private Path write(Metadata m) {
    Path file = dir.resolve("good.json");
    m.write(file);
    return file;
  }

  private static void assertMessage(Path file, String expected) {
    MojoFailureException e = assertThrows(MojoFailureException.class, () -> Metadata.read(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
