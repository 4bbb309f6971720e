package dev.fovea.report;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Encodes small RGB images as PNG data URIs, with java.util.zip alone (no java.desktop, no display needed). */
final class Png {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Png() {}

  /** {@code data:image/png;base64,...} of a {@code width} x {@code height} image of 0xRRGGBB pixels, row by row. */
  static String dataUri(int width, int height, int[] rgb) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(encode(width, height, rgb));
  }

  static byte[] encode(int width, int height, int[] rgb) {
    if (width <= 0 || height <= 0 || rgb.length != width * height) {
      throw new IllegalArgumentException(rgb.length + " pixels for a " + width + " x " + height + " image");
    }
    ByteBuffer header = ByteBuffer.allocate(13);
    header.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
      byte[] row = new byte[1 + 3 * width];   // filter type 0 (none), then RGB triples
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = rgb[y * width + x];
          row[1 + 3 * x] = (byte) (p >> 16);
          row[2 + 3 * x] = (byte) (p >> 8);
          row[3 + 3 * x] = (byte) p;
        }
        z.write(row);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);   // a ByteArrayOutputStream does not fail
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(SIGNATURE);
    chunk(png, "IHDR", header.array());
    chunk(png, "IDAT", raw.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
