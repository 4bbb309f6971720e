package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Images that are bytes rather than files decode exactly as files do, and bad bytes name their source. */
class ImageBytesTest {

  private static final Path SAMPLE = Path.of("../example-project/data/samples/ankle-boot.png");

  @Test
  void bytesDecodeAsTheFileDoes() throws Exception {
    byte[] encoded = Files.readAllBytes(SAMPLE);
    assertArrayEquals(ImageFolder.decode(SAMPLE, 1, 28, 28), ImageFolder.decode(encoded, "boot", 1, 28, 28));
    assertArrayEquals(ImageFolder.decode(SAMPLE, 3, 20, 24), ImageFolder.decode(encoded, "boot", 3, 20, 24));
  }

  @Test
  void bytesThatAreNoImageNameTheirSource() {
    DataFileException e = assertThrows(DataFileException.class,
        () -> ImageFolder.decode(new byte[] {1, 2, 3}, "s3://bucket/x.png", 1, 28, 28));
    assertTrue(e.getMessage().startsWith("s3://bucket/x.png: not a PNG or JPEG"), e.getMessage());
  }
}
