package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded preprocessing: read from fovea:train's metadata, applied in the documented order and arithmetic. */
class PreprocessingTest {

  @TempDir
  Path dir;

  @Test
  void invertsThenStandardises() {
    float[] values = {0.25f, 1f};
    new Preprocessing(true, 0.5, 0.25).apply(values);
    assertArrayEquals(new float[] {1f, -2f}, values);
  }

  @Test
  void readsTheMetadataThatTrainingWrites() throws Exception {
    Path json = dir.resolve("LeNet5.json");
    Files.writeString(json, """
        {"format": "x", "preprocessing": {"scale": "pixel / 255", "image": {"height": 28, "width": 28},
          "invert": true, "standardize": true, "mean": 0.1092, "std": 0.2525}}
        """);
    assertEquals(new Preprocessing(true, 0.1092, 0.2525), Preprocessing.fromMetadata(json));
    Files.writeString(json, "{\"preprocessing\": {\"scale\": \"pixel / 255\", \"standardize\": false}}");
    assertEquals(Preprocessing.NONE, Preprocessing.fromMetadata(json));
    assertEquals(Preprocessing.NONE, Preprocessing.fromJson(Map.of("invert", false)));
  }

  @Test
  void aStandardisationNeedsAPositiveStd() {
    assertThrows(IllegalArgumentException.class, () -> new Preprocessing(false, 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Preprocessing(false, 0.5, Double.NaN));
  }
}
