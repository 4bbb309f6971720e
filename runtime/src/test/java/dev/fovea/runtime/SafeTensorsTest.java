package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading weights in the safetensors format, and rejecting malformed files. */
class SafeTensorsTest {

  private static final String WEIGHT = "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}";
  private static final String BIAS = "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}";

  @TempDir Path dir;

  private static Model tiny(long seed) {
    Model m = Model.of(TinyDenseNet.class);
    Initializer.initialize(m, seed);
    for (int i = 12; i < 15; i++) {
      m.parameters()[i] = i / 10f;
    }
    return m;
  }

  /** A file with the given header text (not padded) and {@code dataBytes} bytes of float data 0, 1, 2... */
  private Path raw(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (int i = 0; i + 4 <= dataBytes; i += 4) {
      b.putFloat(i / 4f);
    }
    return Files.write(dir.resolve("w.safetensors"), b.array());
  }

  private void assertRejected(Path file, String problem) {
    Model m = tiny(1);
    float[] before = m.parameters().clone();
    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.load(m, file));
    assertEquals(file + ": " + problem, e.getMessage());
    assertArrayEquals(before, m.parameters(), "a failed load must leave the weights alone");
  }

  @Test
  void roundTripsWeightsAndMetadata() {
    Model saved = Model.of(TinyMlpNet.class);
    Initializer.initialize(saved, 3);
    Path file = dir.resolve("mlp.safetensors");
    SafeTensors.save(saved, file, Map.of("format", "pt", "note", "quote \" and \\ and é"));
    Model loaded = Model.of(TinyMlpNet.class);
    SafeTensors.load(loaded, file);
    assertArrayEquals(saved.parameters(), loaded.parameters());
    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(file);
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(tensors.keySet()));
    for (ParameterSpec p : saved.parameterSpecs()) {
      SafeTensors.Tensor t = tensors.get(p.name());
      assertArrayEquals(p.shape(), t.shape());
      assertArrayEquals(Arrays.copyOfRange(saved.parameters(), p.offset(), p.offset() + p.length()), t.data());
    }
    assertEquals(Map.of("format", "pt", "note", "quote \" and \\ and é"), SafeTensors.metadata(file));
  }

  @Test
  void writesTheSafetensorsLayout() throws IOException {
    Model m = tiny(2);
    Path file = dir.resolve("tiny.safetensors");
    SafeTensors.save(m, file, Map.of("format", "pt"));
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header padded to a multiple of 8");
    assertEquals(8 + n + 60, bytes.length);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals("{\"__metadata__\":{\"format\":\"pt\"}," + WEIGHT + "," + BIAS + "}", header.stripTrailing());
    ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 60).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 15; i++) {
      assertEquals(m.parameters()[i], data.getFloat());
    }
  }

  @Test
  void readsTensorsStoredInAnyOrder() throws IOException {
    // Bias data first, keys in the other order, whitespace around: as other writers may produce.
    Path file = raw("{ \"fc.weight\" : {\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[12,60]},\n"
        + " \"fc.bias\":{\"shape\":[3],\"dtype\":\"F32\",\"data_offsets\":[0,12]} }   ", 60);
    Model m = Model.of(TinyDenseNet.class);
    SafeTensors.load(m, file);
    for (int i = 0; i < 12; i++) {
      assertEquals(3 + i, m.parameters()[i]);
    }
    assertArrayEquals(new float[] {0, 1, 2}, Arrays.copyOfRange(m.parameters(), 12, 15));
  }

  @Test
  void replacesAnExistingFileAtomicallyLeavingNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("w.safetensors");
    Files.writeString(file, "old contents");
    SafeTensors.save(tiny(1), file);
    Model second = tiny(2);
    SafeTensors.save(second, file);
    Model loaded = Model.of(TinyDenseNet.class);
    SafeTensors.load(loaded, file);
    assertArrayEquals(second.parameters(), loaded.parameters());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void removesTheTemporaryFileWhenTheMoveFails() throws IOException {
    Path target = Files.createDirectory(dir.resolve("taken"));
    Files.writeString(target.resolve("inside"), "x");
    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.save(tiny(1), target));
    assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void refusesToWriteIntoAMissingDirectory() {
    Path file = dir.resolve("no/such/dir/w.safetensors");
    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.save(tiny(1), file));
    assertEquals(file + ": cannot write: directory " + file.getParent() + " does not exist", e.getMessage());
  }

  @Test
  void rejectsFilesThatAreNotSafetensors() throws IOException {
    Path file = dir.resolve("w.safetensors");
    Files.write(file, new byte[] {1, 2, 3, 4, 5});
    assertRejected(file, "not a safetensors file: 5 bytes, too short for the 8-byte header length");
    Files.write(file, ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    assertRejected(file, "header length 1000 is beyond the file size (28 bytes): not a safetensors file, or truncated");
    byte[] zip = "PK\u0003\u0004 a zip file, not weights".getBytes(StandardCharsets.US_ASCII);
    Files.write(file, zip);
    long length = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertRejected(file, "header length " + length + " is beyond the file size (" + zip.length + " bytes): "
        + "not a safetensors file, or truncated");
    assertRejected(raw("[1,2,3]", 0), "not a safetensors file: the JSON header does not start with '{'");
    assertRejected(dir.resolve("absent.safetensors"), "no such file");
  }

  @Test
  void rejectsMalformedJson() throws IOException {
    assertRejected(raw("{\"fc.weight\":{\"dtype\":\"F32\",}}", 60),
        "malformed JSON header: unexpected '}', expected a string key at character 28");
    assertRejected(raw("{" + WEIGHT + "," + WEIGHT + "}", 48),
        "malformed JSON header: duplicate key \"fc.weight\" at character 65");
    assertRejected(raw("{" + WEIGHT, 48),
        "malformed JSON header: unexpected end of input, expected ',' or '}' at character 64");
    assertRejected(raw("{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[3,-4],\"data_offsets\":[0,48]}}", 48),
        "malformed JSON header: tensor \"fc.weight\": \"shape\" must be an array of non-negative integers");
    assertRejected(raw("{\"__metadata__\":{\"epochs\":5}," + WEIGHT + "," + BIAS + "}", 60),
        "malformed JSON header: __metadata__ value of \"epochs\" is not a string");
  }

  @Test
  void rejectsTensorsThatDoNotMatchTheModel() throws IOException {
    assertRejected(raw("{" + WEIGHT + "}", 48), "missing tensor \"fc.bias\" (TinyDense needs fc.weight, fc.bias)");
    assertRejected(raw("{" + WEIGHT + "," + BIAS
            + ",\"fc.extra\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[60,64]}}", 64),
        "unexpected tensor \"fc.extra\" (TinyDense has fc.weight, fc.bias)");
    assertRejected(raw("{" + WEIGHT.replace("[3,4]", "[4,3]") + "," + BIAS + "}", 60),
        "tensor \"fc.weight\": shape [3,4] expected but file has [4,3]");
    assertRejected(raw("{" + WEIGHT.replace("F32", "F16") + "," + BIAS + "}", 60),
        "tensor \"fc.weight\": dtype F16 not supported (only F32, and I64 for counters such as num_batches_tracked)");
  }

  @Test
  void rejectsBadDataOffsets() throws IOException {
    assertRejected(raw("{" + WEIGHT + "," + BIAS.replace("[48,60]", "[40,52]") + "}", 60),
        "data offsets overlap: tensor \"fc.weight\" [0,48] and tensor \"fc.bias\" [40,52]");
    assertRejected(raw("{" + WEIGHT + "," + BIAS.replace("[48,60]", "[60,48]") + "}", 60),
        "tensor \"fc.bias\": data offsets [60,48] are out of order (begin after end)");
    assertRejected(raw("{" + WEIGHT + "," + BIAS.replace("[48,60]", "[52,64]") + "}", 64),
        "data offsets do not cover the data area: bytes [48,52) before tensor \"fc.bias\" belong to no tensor");
    assertRejected(raw("{" + WEIGHT + "," + BIAS + "}", 64),
        "data offsets do not cover the data area: tensors end at byte 60 but the data area has 64 bytes");
    assertRejected(raw("{" + WEIGHT + "," + BIAS + "}", 56),
        "data offsets do not cover the data area: tensors end at byte 60 but the data area has 56 bytes");
    assertRejected(raw("{" + WEIGHT.replace("[0,48]", "[0,44]") + "," + BIAS + "}", 60),
        "tensor \"fc.weight\": data offsets [0,44] span 44 bytes but shape [3,4] F32 needs 48");
  }

  @Test
  void refusesNaNAndInfiniteWeights() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      Model saved = tiny(2);
      saved.parameters()[13] = bad;
      Path file = dir.resolve("bad.safetensors");
      SafeTensors.save(saved, file);
      assertRejected(file, String.format(SafeTensors.NOT_FINITE, "fc.bias", bad, 1));
      assertThrows(SafeTensors.NonFiniteException.class, () -> SafeTensors.load(tiny(1), file));
    }
  }

  @Test
  void readRejectsTheSameWayWithoutAModel() throws IOException {
    Path file = raw("{" + WEIGHT.replace("F32", "BF16") + "}", 48);
    DataFileException e = assertThrows(DataFileException.class, () -> SafeTensors.read(file));
    assertEquals(file + ": tensor \"fc.weight\": dtype BF16 not supported (only F32, and I64 for counters such as num_batches_tracked)", e.getMessage());
  }
}
