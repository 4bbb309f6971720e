package dev.fovea.runtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads MNIST-format IDX files (unsigned-byte images and labels), gzip-compressed or raw. */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (n, height, width). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (n). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Images from an IDX file: {@code pixels} holds count x height x width values in [0, 1]. */
  public record Images(int count, int height, int width, float[] pixels) {}

  /** Reads images of any size. */
  public static Images readImages(Path file) {
    return readImages(file, 0, 0);
  }

  /** Reads images, insisting on {@code height x width} unless both are 0. */
  public static Images readImages(Path file, int expectedHeight, int expectedWidth) {
    byte[] data = readBytes(file);
    int[] dims = header(file, data, IMAGES_MAGIC, 3);
    int n = dims[0];
    int h = dims[1];
    int w = dims[2];
    if ((expectedHeight > 0 || expectedWidth > 0) && (h != expectedHeight || w != expectedWidth)) {
      throw new DataFileException(file,
          "images are " + h + "x" + w + ", expected " + expectedHeight + "x" + expectedWidth);
    }
    int start = 16;
    checkLength(file, data, start, (long) n * h * w, n + " images of " + h + "x" + w);
    float[] pixels = new float[n * h * w];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (data[start + i] & 0xFF) / 255f;
    }
    return new Images(n, h, w, pixels);
  }

  /** Reads labels, each of which must lie in [0, classes). */
  public static int[] readLabels(Path file, int classes) {
    byte[] data = readBytes(file);
    int n = header(file, data, LABELS_MAGIC, 1)[0];
    int start = 8;
    checkLength(file, data, start, n, n + " labels");
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = data[start + i] & 0xFF;
      if (label >= classes) {
        throw new DataFileException(file,
            "label " + label + " at index " + i + " is out of range [0, " + classes + ")");
      }
      labels[i] = label;
    }
    return labels;
  }

  /** Reads an image file and its label file into one single-channel data set. */
  public static Dataset read(
      String name, Path images, Path labels, int classes, int expectedHeight, int expectedWidth) {
    Images im = readImages(images, expectedHeight, expectedWidth);
    int[] lab = readLabels(labels, classes);
    if (lab.length != im.count()) {
      throw new DataFileException(labels,
          "has " + lab.length + " labels but " + images + " has " + im.count() + " images");
    }
    return new Dataset(name, 1, im.height(), im.width(), im.pixels(), lab, classes);
  }

  /**
   * Loads the four files of the MNIST layout from {@code dir}: train-images-idx3-ubyte,
   * train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz.
   */
  public static TrainTest loadMnistLayout(Path dir, String name, int classes) {
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir, "no such directory (expected the " + name + " IDX files in it)");
    }
    Dataset train = read(name + "/train", find(dir, "train-images-idx3-ubyte"),
        find(dir, "train-labels-idx1-ubyte"), classes, 28, 28);
    Dataset test = read(name + "/test", find(dir, "t10k-images-idx3-ubyte"),
        find(dir, "t10k-labels-idx1-ubyte"), classes, 28, 28);
    return new TrainTest(train, test);
  }

  /** {@code dir/base.gz} if present, else {@code dir/base}; fails naming both when neither exists. */
  static Path find(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(base);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    throw new DataFileException(raw, "missing (neither " + base + " nor " + base + ".gz exists)");
  }

  private static byte[] readBytes(Path file) {
    if (Files.isDirectory(file)) {
      throw new DataFileException(file, "is a directory, expected an IDX file");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      // Compression is recognised by content, not by name: renamed or re-compressed downloads are common.
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
          return gz.readAllBytes();
        } catch (EOFException e) {
          throw new DataFileException(file, "truncated gzip data (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
          throw new DataFileException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
      }
      return raw.readAllBytes();
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, "no such file", e);
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    }
  }

  private static int[] header(Path file, byte[] data, int magic, int rank) {
    String kind = kind(magic);
    if (data.length < 4) {
      throw new DataFileException(file, "only " + data.length + " bytes, too short for an IDX header");
    }
    int found = readInt(data, 0);
    if (found != magic) {
      String other = found == IMAGES_MAGIC || found == LABELS_MAGIC ? "; the file holds " + kind(found) : "";
      throw new DataFileException(file, String.format("bad magic number 0x%08x, expected 0x%08x (%s)%s",
          found, magic, kind, other));
    }
    if (data.length < 4 + 4 * rank) {
      throw new DataFileException(file,
          "truncated header: " + data.length + " bytes, an " + kind + " header has " + (4 + 4 * rank));
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = readInt(data, 4 + 4 * i);
      // A dimension above 2^31 reads as negative; no real IDX file is that large.
      if (dims[i] <= 0) {
        throw new DataFileException(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
            + (dims[i] == 0 ? ", expected at least 1" : ", too large"));
      }
    }
    return dims;
  }

  private static void checkLength(Path file, byte[] data, int start, long needed, String what) {
    long present = data.length - start;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new DataFileException(file, "header promises " + what + ", too large to load");
    }
    if (present < needed) {
      throw new DataFileException(file, "truncated: the header promises " + what + " (" + needed
          + " bytes of data) but only " + present + " bytes follow");
    }
    if (present > needed) {
      throw new DataFileException(file, (present - needed) + " unexpected bytes after " + what
          + " (the header and the file size disagree)");
    }
  }

  private static String kind(int magic) {
    return magic == IMAGES_MAGIC ? "IDX unsigned-byte images" : "IDX unsigned-byte labels";
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }
}
