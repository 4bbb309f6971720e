package dev.fovea.runtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads MNIST-format IDX files (unsigned-byte images and labels), gzip-compressed or raw. */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (n, height, width). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (n). */
  public static final int LABELS_MAGIC = 0x00000801;

  // Data larger than this cannot be held in one Java array (the VM reserves a few header words).
  private static final int MAX_DATA = Integer.MAX_VALUE - 16;
  private static final int CHUNK = 1 << 16;
  private static final int MAX_TRAILING = 1 << 20;

  private IdxReader() {}

  /** Images from an IDX file: {@code pixels} holds count x height x width values in [0, 1]. */
  public record Images(int count, int height, int width, float[] pixels) {}

  /** Reads images of any size. */
  public static Images readImages(Path file) {
    return readImages(file, 0, 0);
  }

  /** Reads images, insisting on {@code height x width} unless both are 0. */
  public static Images readImages(Path file, int expectedHeight, int expectedWidth) {
    return readContent(file, in -> {
      int[] dims = header(file, in, IMAGES_MAGIC, 3);
      int n = dims[0];
      int h = dims[1];
      int w = dims[2];
      if ((expectedHeight > 0 || expectedWidth > 0) && (h != expectedHeight || w != expectedWidth)) {
        throw new DataFileException(file,
            "images are " + h + "x" + w + ", expected " + expectedHeight + "x" + expectedWidth);
      }
      String what = n + " images of " + h + "x" + w;
      int size = dataLength(file, dims, what);
      float[] pixels = allocate(file, what, size, () -> new float[size]);
      readData(file, in, size, what, (at, chunk, length) -> {
        for (int i = 0; i < length; i++) {
          pixels[at + i] = (chunk[i] & 0xFF) / 255f;
        }
      });
      return new Images(n, h, w, pixels);
    });
  }

  /** Reads labels, each of which must lie in [0, classes). */
  public static int[] readLabels(Path file, int classes) {
    return readContent(file, in -> {
      int[] dims = header(file, in, LABELS_MAGIC, 1);
      String what = dims[0] + " labels";
      int n = dataLength(file, dims, what);
      int[] labels = allocate(file, what, n, () -> new int[n]);
      readData(file, in, n, what, (at, chunk, length) -> {
        for (int i = 0; i < length; i++) {
          labels[at + i] = chunk[i] & 0xFF;
        }
      });
      // Validated once the length is known to be right, so a wrong-length file reports that first.
      for (int i = 0; i < n; i++) {
        if (labels[i] >= classes) {
          throw new DataFileException(file,
              "label " + labels[i] + " at index " + i + " is out of range [0, " + classes + ")");
        }
      }
      return labels;
    });
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

  /** Reads the (possibly gzipped) content of {@code file} with {@code body}. */
  private static <T> T readContent(Path file, Body<T> body) {
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
          return body.read(gz);
        } catch (EOFException e) {
          throw new DataFileException(file, "truncated gzip data (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
          throw new DataFileException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
      }
      return body.read(raw);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, "no such file", e);
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    }
  }

  private static int[] header(Path file, InputStream in, int magic, int rank) throws IOException {
    String kind = kind(magic);
    byte[] head = new byte[4 + 4 * rank];
    int got = in.readNBytes(head, 0, 4);
    if (got < 4) {
      throw new DataFileException(file, "only " + got + " bytes, too short for an IDX header");
    }
    int found = readInt(head, 0);
    if (found != magic) {
      String other = found == IMAGES_MAGIC || found == LABELS_MAGIC ? "; the file holds " + kind(found) : "";
      throw new DataFileException(file, String.format("bad magic number 0x%08x, expected 0x%08x (%s)%s",
          found, magic, kind, other));
    }
    got += in.readNBytes(head, 4, 4 * rank);
    if (got < head.length) {
      throw new DataFileException(file,
          "truncated header: " + got + " bytes, an " + kind + " header has " + head.length);
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = readInt(head, 4 + 4 * i);
      // A dimension above 2^31 reads as negative; no real IDX file is that large.
      if (dims[i] <= 0) {
        throw new DataFileException(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
            + (dims[i] == 0 ? ", expected at least 1" : ", too large"));
      }
    }
    return dims;
  }

  /** The number of data bytes the header promises, if it fits in one Java array. */
  private static int dataLength(Path file, int[] dims, String what) {
    long size = 1;
    for (int d : dims) {
      // Checking after every factor keeps the product below 2^62, so it cannot overflow a long.
      size *= d;
      if (size > MAX_DATA) {
        throw new DataFileException(file, "header promises " + what + ", too large to load");
      }
    }
    return (int) size;
  }

  // The header is the only hint of the size before the data is read; turning a failed allocation
  // into a readable error is safe because a failed single allocation leaves the heap as it was.
  private static <A> A allocate(Path file, String what, int size, Supplier<A> array) {
    try {
      return array.get();
    } catch (OutOfMemoryError e) {
      throw new DataFileException(file,
          "header promises " + what + " (" + size + " bytes of data), more than fits in memory", e);
    }
  }

  /** Reads exactly {@code needed} bytes in chunks, then insists the content ends there. */
  private static void readData(Path file, InputStream in, int needed, String what, Chunks sink)
      throws IOException {
    byte[] chunk = new byte[Math.min(needed, CHUNK)];
    int done = 0;
    while (done < needed) {
      int got = in.readNBytes(chunk, 0, Math.min(chunk.length, needed - done));
      if (got == 0) {
        throw new DataFileException(file, "truncated: the header promises " + what + " (" + needed
            + " bytes of data) but only " + done + " bytes follow");
      }
      sink.accept(done, chunk, got);
      done += got;
    }
    // Counting stops at a cap, so trailing gigabytes (a gzip bomb) cost no more than the cap to reject.
    long extra = 0;
    int got;
    while (extra <= MAX_TRAILING && (got = in.read(chunk)) >= 0) {
      extra += got;
    }
    if (extra > MAX_TRAILING) {
      throw new DataFileException(file, "more than " + MAX_TRAILING + " unexpected bytes after " + what
          + " (the header and the file size disagree)");
    }
    if (extra > 0) {
      throw new DataFileException(file, extra + " unexpected bytes after " + what
          + " (the header and the file size disagree)");
    }
  }

  private static String kind(int magic) {
    return magic == IMAGES_MAGIC ? "IDX unsigned-byte images" : "IDX unsigned-byte labels";
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  /** Reads a whole file's content from an open stream. */
  @FunctionalInterface
  private interface Body<T> {
    T read(InputStream in) throws IOException;
  }

  /** Receives {@code length} data bytes of {@code chunk} that start at data offset {@code at}. */
  @FunctionalInterface
  private interface Chunks {
    void accept(int at, byte[] chunk, int length);
  }
}
