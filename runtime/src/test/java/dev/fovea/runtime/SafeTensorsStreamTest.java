package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights from a stream or a class-path resource, as an application jar ships them. The test resource
 * {@code counting.safetensors} holds TinyDense's fc.weight [3,4] and fc.bias [3] as the floats 0, 1, ..., 14.
 */
class SafeTensorsStreamTest {

  @TempDir Path dir;

  private static float[] counting() {
    float[] expected = new float[15];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = i;
    }
    return expected;
  }

  @Test
  void loadsFromAStreamAsFromAFile() throws IOException {
    Model saved = Model.of(TinyMlpNet.class);
    Initializer.initialize(saved, 7);
    Path file = dir.resolve("w.safetensors");
    SafeTensors.save(saved, file);
    Model loaded = Model.of(TinyMlpNet.class);
    try (InputStream in = Files.newInputStream(file)) {
      SafeTensors.load(loaded, in, "upload w.safetensors");
    }
    assertArrayEquals(saved.parameters(), loaded.parameters());
    assertEquals(SafeTensors.read(file).keySet(),
        SafeTensors.read(new ByteArrayInputStream(Files.readAllBytes(file)), "bytes").keySet());
  }

  @Test
  void loadsAClassPathResourceRelativeToItsAnchorOrAbsolute() {
    Model relative = Model.of(TinyDenseNet.class);
    SafeTensors.loadResource(relative, TinyDenseNet.class, "counting.safetensors");
    assertArrayEquals(counting(), relative.parameters());
    Model absolute = Model.of(TinyDenseNet.class);
    SafeTensors.loadResource(absolute, Test.class, "/dev/fovea/runtime/counting.safetensors");
    assertArrayEquals(counting(), absolute.parameters());
  }

  @Test
  void aMissingResourceOrBadStreamIsOneMessageNamingIt() {
    Model model = Model.of(TinyDenseNet.class);
    float[] before = model.parameters().clone();
    DataFileException missing = assertThrows(DataFileException.class,
        () -> SafeTensors.loadResource(model, TinyDenseNet.class, "nope.safetensors"));
    assertEquals(SafeTensors.RESOURCE + "dev/fovea/runtime/nope.safetensors: " + SafeTensors.NO_SUCH_RESOURCE,
        missing.getMessage());
    assertNull(missing.file());
    DataFileException shortStream = assertThrows(DataFileException.class,
        () -> SafeTensors.load(model, new ByteArrayInputStream(new byte[3]), "upload x"));
    assertEquals("upload x: not a safetensors file: 3 bytes, too short for the 8-byte header length",
        shortStream.getMessage());
    DataFileException wrongModel = assertThrows(DataFileException.class,
        () -> SafeTensors.loadResource(Model.of(TinyMlpNet.class), TinyDenseNet.class, "counting.safetensors"));
    assertEquals(SafeTensors.RESOURCE + "dev/fovea/runtime/counting.safetensors: ",
        wrongModel.getMessage().substring(0, wrongModel.getMessage().indexOf(": ") + 2));
    assertArrayEquals(before, model.parameters(), "a failed load leaves the weights alone");
  }
}
