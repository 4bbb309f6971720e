package dev.fovea.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: a JSON state (position, history, callback states, what it was trained for) and float
 * arrays (weights, optimiser state, best weights), in one file ending with the SHA-256 of everything before it.
 * Written atomically and checked whole on read, so a kill at any moment leaves the previous or the new file.
 *
 * <p>Layout: {@code FOVEACK1}, the JSON's length (int32), the JSON (UTF-8), the array count (int32), each array as
 * its length (int32) and float32 values, all little-endian, then the 32-byte SHA-256.
 */
public record Checkpoint(Map<String, Object> state, List<float[]> arrays) {

  private static final byte[] MAGIC = "FOVEACK1".getBytes(StandardCharsets.US_ASCII);

  /** What a damaged or foreign file is reported as; readers refuse it rather than resume from it. */
  public static final String CORRUPT = "not a complete Fovea checkpoint";

  /** The advice after {@link #CORRUPT}: a damaged checkpoint is never resumed from, only replaced. */
  public static final String START_OVER = ": delete it (or turn resuming off) to start over";

  /** Writes this checkpoint to {@code file} atomically, streaming the arrays rather than copying them whole. */
  public void write(Path file) {
    byte[] json = Json.write(state).getBytes(StandardCharsets.UTF_8);
    MessageDigest digest = sha256();
    AtomicFiles.write(file, ch -> {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
      head.put(MAGIC).putInt(json.length).put(json).putInt(arrays.size());
      put(ch, digest, head.flip());
      for (float[] a : arrays) {
        buffer.putInt(a.length);
        for (float v : a) {
          if (!buffer.hasRemaining()) {
            put(ch, digest, buffer.flip());
            buffer.clear();
          }
          buffer.putFloat(v);
        }
      }
      put(ch, digest, buffer.flip());
      AtomicFiles.writeFully(ch, ByteBuffer.wrap(digest.digest()));
    });
  }

  private static void put(FileChannel ch, MessageDigest digest, ByteBuffer bytes) throws IOException {
    digest.update(bytes.duplicate());
    AtomicFiles.writeFully(ch, bytes);
  }

  /**
   * Reads a checkpoint.
   *
   * @return null if {@code file} does not exist
   * @throws DataFileException naming the file if it is damaged, truncated or not a checkpoint
   */
  public static Checkpoint read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    }
    int body = bytes.length - 32;
    if (body < MAGIC.length + 8 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || !Arrays.equals(sha256(bytes, body), 0, 32, bytes, body, bytes.length)) {
      throw new DataFileException(file, CORRUPT + " (wrong header or checksum)" + START_OVER);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, body).order(ByteOrder.LITTLE_ENDIAN);
    in.position(MAGIC.length);
    try {
      byte[] json = new byte[in.getInt()];
      in.get(json);
      Object state = Json.parse(new String(json, StandardCharsets.UTF_8));
      if (!(state instanceof Map<?, ?>)) {
        throw new DataFileException(file, CORRUPT + " (state is not a JSON object)" + START_OVER);
      }
      int count = in.getInt();
      List<float[]> arrays = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        float[] a = new float[in.getInt()];
        in.asFloatBuffer().get(a);
        in.position(in.position() + 4 * a.length);
        arrays.add(a);
      }
      if (in.hasRemaining()) {
        throw new DataFileException(file, CORRUPT + " (" + in.remaining() + " bytes left over)" + START_OVER);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) state;
      return new Checkpoint(map, arrays);
    } catch (Json.ParseException | RuntimeException e) {
      if (e instanceof DataFileException d) {
        throw d;
      }
      throw new DataFileException(file, CORRUPT + " (" + e + ")" + START_OVER, e);
    }
  }

  private static byte[] sha256(byte[] bytes, int length) {
    MessageDigest digest = sha256();
    digest.update(bytes, 0, length);
    return digest.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
