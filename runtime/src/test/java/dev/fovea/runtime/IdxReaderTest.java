package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** IDX reading: raw and gzip content, and a readable error naming the file for every malformed one. */
class IdxReaderTest {

  @TempDir Path dir;

  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  static byte[] images(int n, int h, int w) {
    byte[] pixels = new byte[n * h * w];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37);
    }
    return idx(IdxReader.IMAGES_MAGIC, new int[] {n, h, w}, pixels);
  }

  static byte[] labels(int... values) {
    byte[] data = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = (byte) values[i];
    }
    return idx(IdxReader.LABELS_MAGIC, new int[] {values.length}, data);
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private void assertRejected(Path file, String problem, Executable read) {
    DataFileException e = assertThrows(DataFileException.class, read);
    assertEquals(file + ": " + problem, e.getMessage());
    assertEquals(file, e.file());
  }

  @Test
  void readsRawImagesScaledToUnitRange() throws IOException {
    Path f = write("imgs", images(2, 3, 2));
    IdxReader.Images im = IdxReader.readImages(f);
    assertEquals(2, im.count());
    assertEquals(3, im.height());
    assertEquals(2, im.width());
    assertEquals(12, im.pixels().length);
    for (int i = 0; i < 12; i++) {
      assertEquals(((i * 37) & 0xFF) / 255f, im.pixels()[i]);
    }
  }

  @Test
  void detectsGzipByContentNotByName() throws IOException {
    Path gzNoSuffix = write("imgs-compressed", gzip(images(2, 3, 2)));
    Path rawWithSuffix = write("imgs.gz", images(2, 3, 2));
    assertArrayEquals(IdxReader.readImages(rawWithSuffix).pixels(), IdxReader.readImages(gzNoSuffix).pixels());
    Path lab = write("labels", gzip(labels(3, 0, 9)));
    assertArrayEquals(new int[] {3, 0, 9}, IdxReader.readLabels(lab, 10));
  }

  @Test
  void rejectsBadMagic() throws IOException {
    Path f = write("train-images-idx3-ubyte.gz", gzip(labels(1, 2)));
    assertRejected(f, "bad magic number 0x00000801, expected 0x00000803 (IDX unsigned-byte images); "
        + "the file holds IDX unsigned-byte labels", () -> IdxReader.readImages(f));
    Path html = write("labels", "<html>not found</html>".getBytes());
    assertRejected(html, "bad magic number 0x3c68746d, expected 0x00000801 (IDX unsigned-byte labels)",
        () -> IdxReader.readLabels(html, 10));
  }

  @Test
  void rejectsWrongAndZeroDimensions() throws IOException {
    Path f = write("imgs", images(1, 32, 32));
    assertRejected(f, "images are 32x32, expected 28x28", () -> IdxReader.readImages(f, 28, 28));
    Path zero = write("zero", idx(IdxReader.IMAGES_MAGIC, new int[] {0, 28, 28}, new byte[0]));
    assertRejected(zero, "dimension 0 is 0, expected at least 1", () -> IdxReader.readImages(zero));
    Path huge = write("huge", idx(IdxReader.LABELS_MAGIC, new int[] {-1}, new byte[0]));
    assertRejected(huge, "dimension 0 is 4294967295, too large", () -> IdxReader.readLabels(huge, 10));
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    byte[] full = images(3, 2, 2);
    Path f = write("short", Arrays.copyOf(full, full.length - 5));
    assertRejected(f, "truncated: the header promises 3 images of 2x2 (12 bytes of data) but only 7 bytes follow",
        () -> IdxReader.readImages(f));
    Path header = write("header", Arrays.copyOf(full, 10));
    assertRejected(header, "truncated header: 10 bytes, an IDX unsigned-byte images header has 16",
        () -> IdxReader.readImages(header));
    Path tiny = write("tiny", new byte[] {0, 0});
    assertRejected(tiny, "only 2 bytes, too short for an IDX header", () -> IdxReader.readImages(tiny));
    byte[] gz = gzip(full);
    Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(cut));
    assertTrue(e.getMessage().startsWith(cut + ": truncated gzip data"), e.getMessage());
    Path longer = write("long", Arrays.copyOf(labels(1, 2), 11));
    assertRejected(longer, "1 unexpected bytes after 2 labels (the header and the file size disagree)",
        () -> IdxReader.readLabels(longer, 10));
  }

  @Test
  void rejectsHeadersPromisingMoreThanAnArrayHoldsBeforeReadingTheData() throws IOException {
    // 100,000 x 1,000 x 1,000 bytes is 10^11, far beyond an int-indexed array; neither file holds data.
    Path raw = write("big", idx(IdxReader.IMAGES_MAGIC, new int[] {100_000, 1000, 1000}, new byte[0]));
    assertRejected(raw, "header promises 100000 images of 1000x1000, too large to load",
        () -> IdxReader.readImages(raw));
    // Each dimension is below 2^31 but their product overflows a long if multiplied unchecked.
    int max = Integer.MAX_VALUE;
    Path gz = write("huge.gz", gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {max, max, max}, new byte[0])));
    assertRejected(gz, "header promises " + max + " images of " + max + "x" + max + ", too large to load",
        () -> IdxReader.readImages(gz));
  }

  @Test
  void rejectsTrailingDataWithoutCountingItAll() throws IOException {
    Path f = write("bomb.gz", gzip(Arrays.copyOf(labels(1, 2), 10 + (3 << 20))));
    assertRejected(f, "more than 1048576 unexpected bytes after 2 labels (the header and the file size disagree)",
        () -> IdxReader.readLabels(f, 10));
  }

  @Test
  void rejectsLabelsOutOfRange() throws IOException {
    Path f = write("labels", labels(0, 9, 10, 1));
    assertRejected(f, "label 10 at index 2 is out of range [0, 10)", () -> IdxReader.readLabels(f, 10));
  }

  @Test
  void rejectsCountMismatch() throws IOException {
    Path im = write("imgs", images(3, 2, 2));
    Path lab = write("labs", labels(0, 1));
    assertRejected(lab, "has 2 labels but " + im + " has 3 images",
        () -> IdxReader.read("x", im, lab, 10, 2, 2));
  }

  @Test
  void rejectsMissingFiles() throws IOException {
    Path none = dir.resolve("nothing");
    assertRejected(none, "no such file", () -> IdxReader.readImages(none));
    assertRejected(dir, "is a directory, expected an IDX file", () -> IdxReader.readLabels(dir, 10));
    assertRejected(none, "no such directory (expected the fashion-mnist IDX files in it)",
        () -> FashionMnist.load(none));
    writeMnistLayout(false);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    assertRejected(dir.resolve("t10k-labels-idx1-ubyte"),
        "missing (neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz exists)",
        () -> FashionMnist.load(dir));
  }

  @Test
  void loadsTheMnistLayoutMixingGzipAndRaw() throws IOException {
    writeMnistLayout(true);
    TrainTest data = FashionMnist.load(dir);
    assertEquals(3, data.train().size());
    assertEquals(2, data.test().size());
    assertEquals(784, data.train().imageSize());
    assertArrayEquals(new int[] {9, 0, 4}, data.train().labels());
    assertEquals(10, data.test().classes());
    assertEquals("fashion-mnist/train", data.train().name());
    assertEquals(10, FashionMnist.LABELS.size());
    assertEquals("Ankle boot", FashionMnist.LABELS.get(9));
    assertEquals("T-shirt/top", FashionMnist.LABELS.get(0));
    assertEquals("mnist/test", Mnist.load(dir).test().name());
  }

  @Test
  void mnistLayoutInsistsOn28x28() throws IOException {
    writeMnistLayout(false);
    Path f = write("t10k-images-idx3-ubyte", images(2, 27, 28));
    assertRejected(f, "images are 27x28, expected 28x28", () -> Mnist.load(dir));
  }

  private void writeMnistLayout(boolean gzipTrain) throws IOException {
    byte[] trainImages = images(3, 28, 28);
    byte[] trainLabels = labels(9, 0, 4);
    String gz = gzipTrain ? ".gz" : "";
    write("train-images-idx3-ubyte" + gz, gzipTrain ? gzip(trainImages) : trainImages);
    write("train-labels-idx1-ubyte" + gz, gzipTrain ? gzip(trainLabels) : trainLabels);
    write("t10k-images-idx3-ubyte", images(2, 28, 28));
    write("t10k-labels-idx1-ubyte", labels(1, 2));
  }
}
