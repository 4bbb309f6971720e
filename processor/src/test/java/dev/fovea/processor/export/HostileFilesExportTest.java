package dev.fovea.processor.export;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.Jdk;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported classifier given hostile files: each is one clear line on stderr and exit 1, or read as it is. */
class HostileFilesExportTest {
  @TempDir static Path dir;
  static LeNet5Export lenet;
  static Path classes;

  @BeforeAll
  static void exportAndCompile() throws Exception {
    lenet = new LeNet5Export(dir.resolve("project"));
    ExportResult source = lenet.export().writeSource(dir.resolve("src"));
    classes = Files.createDirectories(dir.resolve("out"));
    Jdk.Run javac = Jdk.javac(dir, "-d", classes.toString(), "-cp", "", source.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
  }

  private static Jdk.Run classify(String... files) {
    String[] args = new String[files.length + 4];
    // A small heap: a 40000x40000 image decoded would need 1.6 GB.
    System.arraycopy(new String[] {"-Xmx64m", "-cp", classes.toString(), "demo.LeNet5Classifier"}, 0, args, 0, 4);
    System.arraycopy(files, 0, args, 4, files.length);
    return Jdk.java(dir, args);
  }

  private static void assertRejected(String file, String message) {
    Jdk.Run run = classify(file);
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("", run.out(), "nothing is classified from a damaged file");
    assertEquals(List.of(file + ": " + message), run.err().lines().toList());
  }

  @Test
  void greyWithAlphaIsReadAsItsGreySamples() throws IOException {
    byte[] pixels = lenet.greyBytes(0);
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(28, 28);
    BufferedImage greyAlpha = new BufferedImage(model, raster, false, null);
    BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < pixels.length; i++) {
      raster.setSample(i % 28, i / 28, 0, pixels[i] & 0xFF);
      raster.setSample(i % 28, i / 28, 1, 255 - i % 200);
      grey.getRaster().setSample(i % 28, i / 28, 0, pixels[i] & 0xFF);
    }
    assertTrue(ImageIO.write(greyAlpha, "png", dir.resolve("ga.png").toFile()));
    assertTrue(ImageIO.write(grey, "png", dir.resolve("g.png").toFile()));
    Jdk.Run run = Jdk.java(dir, "-cp", classes.toString(), "demo.LeNet5Classifier", "--all", "ga.png", "g.png");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(22, lines.size(), run::toString);
    assertEquals(lines.subList(11, 22), lines.subList(0, 11).stream().map(l -> l.replace("ga.png", "g.png")).toList(),
        "grey+alpha gives the grey image's probabilities bit for bit");
  }

  @Test
  void aHugeDeclaredPngIsRejectedFromItsHeader() throws IOException {
    Files.write(dir.resolve("huge.png"), hugePng(40000, 40000));
    assertTrue(Files.size(dir.resolve("huge.png")) < 100);
    assertRejected("huge.png", "image is 40000x40000 pixels, LeNet5 needs 28x28 (width x height): resize it first");
  }

  @Test
  void aGzipWithABadCrcIsRejectedBeforeAnyImageIsClassified() throws IOException {
    byte[] gz = gzip(idx(2, 2 * 784));
    gz[gz.length - 8] ^= 1; // the CRC-32 in the trailer
    Files.write(dir.resolve("crc.gz"), gz);
    assertRejected("crc.gz", "damaged gzip data (Corrupt GZIP trailer)");
    byte[] whole = gzip(idx(2, 2 * 784));
    Files.write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length - 12));
    assertRejected("cut.gz", "damaged gzip data (Unexpected end of ZLIB input stream)");
  }

  @Test
  void anIdxFileWithoutImagesOrWithTheWrongLengthIsAnError() throws IOException {
    Files.write(dir.resolve("empty.idx"), idx(0, 0));
    assertRejected("empty.idx", "holds no images");
    Files.write(dir.resolve("short.idx"), idx(2, 784 + 5));
    assertRejected("short.idx", "has 805 bytes but its header promises 2 images of 1x28x28 (1,584 bytes): "
        + "truncated or damaged");
    Files.write(dir.resolve("short.gz"), gzip(idx(3, 784)));
    assertRejected("short.gz", "unzips to 800 bytes but its header promises 3 images of 1x28x28 (2,368 bytes): "
        + "truncated or damaged");
  }

  /** An IDX image file header for {@code count} 28x28 images followed by {@code dataBytes} bytes. */
  private static byte[] idx(int count, int dataBytes) {
    return ByteBuffer.allocate(16 + dataBytes).putInt(0x0803).putInt(count).putInt(28).putInt(28).array();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** A PNG that declares {@code width x height} grey pixels in a few dozen bytes (IHDR, one empty IDAT, IEND). */
  private static byte[] hugePng(int width, int height) {
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    chunk(png, "IDAT", new byte[0]);
    chunk(png, "IEND", new byte[0]);
    return png.array();
  }

  private static void chunk(ByteBuffer png, String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type.getBytes(US_ASCII));
    crc.update(data);
    png.putInt(data.length).put(type.getBytes(US_ASCII)).put(data)
        .putInt((int) crc.getValue());
  }
}
