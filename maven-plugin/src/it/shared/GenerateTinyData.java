import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the integration tests' tiny data set: 8x8 grey images of a horizontal, a vertical or a diagonal
 * stroke (labels 0, 1, 2) on a noisy background, 240 for training and 60 for testing, as CSV (tiny-csv/)
 * and as gzipped MNIST-layout IDX (tiny-idx/). Run from this directory: {@code java GenerateTinyData.java}.
 */
public final class GenerateTinyData {
  private static final int SIDE = 8;

  public static void main(String[] args) throws IOException {
    Random random = new Random(20261124);
    write("train", 240, random, true);
    write("test", 60, random, false);
  }

  private static void write(String part, int n, Random random, boolean header) throws IOException {
    byte[][] images = new byte[n][];
    int[] labels = new int[n];
    StringBuilder csv = new StringBuilder();
    if (header) {
      csv.append("label");
      for (int i = 1; i <= SIDE * SIDE; i++) {
        csv.append(",pixel").append(i);
      }
      csv.append('\n');
    }
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      images[i] = image(labels[i], random);
      csv.append(labels[i]);
      for (byte b : images[i]) {
        csv.append(',').append(b & 0xFF);
      }
      csv.append('\n');
    }
    Files.createDirectories(Path.of("tiny-csv"));
    Files.writeString(Path.of("tiny-csv", part + ".csv"), csv);
    Files.createDirectories(Path.of("tiny-idx"));
    String prefix = part.equals("train") ? "train" : "t10k";
    ByteBuffer im = ByteBuffer.allocate(16 + n * SIDE * SIDE).putInt(0x803).putInt(n).putInt(SIDE).putInt(SIDE);
    for (byte[] image : images) {
      im.put(image);
    }
    ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int label : labels) {
      lab.put((byte) label);
    }
    gzip(Path.of("tiny-idx", prefix + "-images-idx3-ubyte.gz"), im.array());
    gzip(Path.of("tiny-idx", prefix + "-labels-idx1-ubyte.gz"), lab.array());
  }

  /** A stroke of 4 to 6 bright pixels in the label's direction at a random place, over sparse dim noise. */
  private static byte[] image(int label, Random random) {
    byte[] pixels = new byte[SIDE * SIDE];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (byte) (random.nextInt(4) == 0 ? random.nextInt(60) : 0);
    }
    int length = 4 + random.nextInt(3);
    int r = random.nextInt(SIDE - (label == 0 ? 0 : length));
    int c = random.nextInt(SIDE - (label == 1 ? 0 : length));
    for (int k = 0; k < length; k++) {
      int row = r + (label == 0 ? 0 : k);
      int col = c + (label == 1 ? 0 : k);
      pixels[row * SIDE + col] = (byte) (160 + random.nextInt(96));
    }
    return pixels;
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    Files.write(file, buffer.toByteArray());
  }
}
