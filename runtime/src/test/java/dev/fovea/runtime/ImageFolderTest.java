package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders: decoding, colour, resizing, labels, and the errors of a bad folder. */
class ImageFolderTest {

  @TempDir Path dir;

  private static BufferedImage grey(int w, int h, int... values) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setPixels(0, 0, w, h, values);
    return image;
  }

  private static void png(BufferedImage image, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(image, file.toString().endsWith(".png") ? "png" : "jpeg", file.toFile()));
  }

  @Test
  void readsClassFoldersWithGreyColourAndGreyAlphaImages() throws Exception {
    png(grey(2, 2, 0, 51, 102, 255), dir.resolve("train/ankle boot/a.png"));
    BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0xFF0000);
    rgb.setRGB(1, 1, 0xFFFFFF);
    png(rgb, dir.resolve("train/bag/b.png"));
    // Grey + alpha: read as the stored grey samples, not through an sRGB conversion.
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(2, 2);
    raster.setPixels(0, 0, 2, 2, new int[] {10, 255, 20, 0, 30, 128, 40, 255});
    png(new BufferedImage(cm, raster, false, null), dir.resolve("train/bag/c.png"));
    Dataset data = DataSource.load(dir, DataSource.Part.TRAIN, 1, 2, 2, 3, List.of("bag", "ankle boot", "coat"));
    assertEquals(3, data.size());
    assertArrayEquals(new int[] {1, 0, 0}, data.labels(), "folders named like labels get their index");
    assertArrayEquals(new float[] {0, 51 / 255f, 102 / 255f, 1}, java.util.Arrays.copyOfRange(data.images(), 0, 4));
    assertEquals(0.299f, data.images()[4], 1e-6, "luma of pure red");
    assertEquals(1f, data.images()[7], 1e-6);
    assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f},
        java.util.Arrays.copyOfRange(data.images(), 8, 12));
    Dataset colour = DataSource.load(dir, DataSource.Part.TRAIN, 3, 2, 2, 2, List.of());
    assertArrayEquals(new int[] {0, 1, 1}, colour.labels(), "other folders are numbered in sorted order");
    assertEquals(1f, colour.images()[12], "red channel of the red pixel");
    assertEquals(0f, colour.images()[16]);
    assertEquals(DataSource.files(dir, DataSource.Part.TRAIN).size(), 3);
  }

  @Test
  void resizesBilinearlyWithHalfPixelCentres() {
    float[] in = {0, 1, 2, 3}; // 1 x 2 x 2
    float[] out = ImageFolder.resize(in, 1, 2, 2, 4, 4);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f,
        2.75f, 3}, out);
    assertArrayEquals(new float[] {1.5f}, ImageFolder.resize(in, 1, 2, 2, 1, 1));
  }

  @Test
  void readsJpegAndResizesToTheNetwork() throws Exception {
    png(grey(4, 4, new int[16]), dir.resolve("zero/a.jpg"));
    int[] white = new int[16];
    java.util.Arrays.fill(white, 255);
    png(grey(4, 4, white), dir.resolve("one/b.jpeg"));
    Dataset data = DataSource.load(dir, DataSource.Part.TEST, 1, 2, 2, 2, List.of());
    assertArrayEquals(new int[] {0, 1}, data.labels());
    for (int i = 0; i < 4; i++) {
      assertEquals(1f, data.images()[i], 0.02);
      assertEquals(0f, data.images()[4 + i], 0.02);
    }
  }

  @Test
  void aBadFolderIsOneMessageNamingTheFile() throws Exception {
    png(grey(2, 2, 0, 0, 0, 0), dir.resolve("a/x.png"));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/readme.txt"), "not an image");
    DataFileException empty = assertThrows(DataFileException.class,
        () -> DataSource.load(dir, DataSource.Part.TRAIN, 1, 2, 2, 2, List.of()));
    assertTrue(empty.getMessage().endsWith("b: class folder without PNG or JPEG images"), empty.getMessage());
    Files.writeString(dir.resolve("b/broken.png"), "not a png");
    DataFileException broken = assertThrows(DataFileException.class,
        () -> DataSource.load(dir, DataSource.Part.TRAIN, 1, 2, 2, 2, List.of()));
    assertTrue(broken.getMessage().contains("broken.png"), broken.getMessage());
    Files.delete(dir.resolve("b/broken.png"));
    Files.write(dir.resolve("b/huge.png"), hugeDeclared());
    DataFileException huge = assertThrows(DataFileException.class,
        () -> DataSource.load(dir, DataSource.Part.TRAIN, 1, 2, 2, 2, List.of()));
    assertTrue(huge.getMessage().contains("huge.png: declares 40000x40000 pixels"), huge.getMessage());
  }

  /** A PNG whose header declares 40000 x 40000 pixels (CRC fixed up), with the data of a 1 x 1 image. */
  private static byte[] hugeDeclared() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(grey(1, 1, 0), "png", out);
    byte[] png = out.toByteArray();
    // Signature (8), IHDR length (4), "IHDR" at 12, width at 16, height at 20, CRC over type and data at 29.
    ByteBuffer.wrap(png).putInt(16, 40000).putInt(20, 40000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    return png;
  }
}
