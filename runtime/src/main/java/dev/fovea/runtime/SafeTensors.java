package dev.fovea.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Reads and writes weights as safetensors files with PyTorch's tensor names and shapes. */
public final class SafeTensors {

  /** The reference implementation refuses larger headers; so do we, before allocating. */
  private static final long MAX_HEADER = 100_000_000;

  /** A weight that is NaN or infinite; the arguments are the tensor's name, the value and its flat index. */
  public static final String NOT_FINITE =
      "tensor \"%s\" holds %s at flat index %d: the weights are unusable (training diverged?); retrain";

  private SafeTensors() {}

  /** A weights file that holds a NaN or infinite value: unusable whatever network it is loaded into. */
  public static final class NonFiniteException extends DataFileException {
    private static final long serialVersionUID = 1L;

    NonFiniteException(Path file, String problem) {
      super(file, problem);
    }
  }

  /** One tensor read from a file. */
  public record Tensor(int[] shape, float[] data) {
    public Tensor {
      shape = shape.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /** Saves the model's parameters without metadata. */
  public static void save(Model model, Path file) {
    save(model, file, Map.of());
  }

  /**
   * Saves the model's parameters, in model order, with optional string metadata. The file is written
   * to a temporary sibling, forced to disk and atomically renamed, so readers never see half a file.
   */
  public static void save(Model model, Path file, Map<String, String> metadata) {
    byte[] header = header(model, metadata == null ? Map.of() : metadata);
    float[] params = model.parameters();
    AtomicFiles.write(file, ch -> {
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
      AtomicFiles.writeFully(ch, prefix);
      AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
      ByteBuffer data = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (ParameterSpec p : model.parameterSpecs()) {
        for (int i = p.offset(), end = p.offset() + p.length(); i < end; i++) {
          if (!data.hasRemaining()) {
            AtomicFiles.writeFully(ch, data.flip());
            data.clear();
          }
          data.putFloat(params[i]);
        }
      }
      AtomicFiles.writeFully(ch, data.flip());
    });
  }

  /**
   * Loads every parameter of {@code model} from {@code file}. The whole file is validated before any
   * weight is overwritten, so a failed load leaves the model unchanged.
   */
  public static void load(Model model, Path file) {
    Parsed parsed = parse(file);
    Map<String, Entry> byName = new HashMap<>();
    for (Entry e : parsed.entries) {
      byName.put(e.name, e);
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      if (!byName.containsKey(p.name())) {
        throw new DataFileException(file, "missing tensor \"" + p.name() + "\" (" + model.name() + " needs "
            + names(model) + ")");
      }
    }
    for (Entry e : parsed.entries) {
      if (model.parameterSpec(e.name) == null) {
        throw new DataFileException(file, "unexpected tensor \"" + e.name + "\" (" + model.name() + " has "
            + names(model) + ")");
      }
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      Entry e = byName.get(p.name());
      if (!Arrays.equals(e.shape, p.shape())) {
        throw new DataFileException(file, "tensor \"" + p.name() + "\": shape " + p.shapeString()
            + " expected but file has " + ParameterSpec.shapeString(e.shape));
      }
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      checkFinite(file, byName.get(p.name()), parsed.data);
    }
    float[] params = model.parameters();
    for (ParameterSpec p : model.parameterSpecs()) {
      Entry e = byName.get(p.name());
      parsed.data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(params, p.offset(), p.length());
    }
  }

  // A NaN or infinite weight makes every output NaN: evaluating it would print "loss NaN" and succeed.
  private static void checkFinite(Path file, Entry e, ByteBuffer data) {
    ByteBuffer bytes = data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0, n = bytes.remaining() / 4; i < n; i++) {
      float v = bytes.getFloat(4 * i);
      if (!Float.isFinite(v)) {
        throw new NonFiniteException(file, String.format(Locale.ROOT, NOT_FINITE, e.name, v, i));
      }
    }
  }

  /** All tensors of a file, in header order, for tooling. */
  public static Map<String, Tensor> read(Path file) {
    Parsed parsed = parse(file);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry e : parsed.entries) {
      float[] data = new float[(int) ((e.end - e.begin) / 4)];
      parsed.data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(data);
      tensors.put(e.name, new Tensor(e.shape, data));
    }
    return Collections.unmodifiableMap(tensors);
  }

  /** The file's {@code __metadata__} map, empty if it has none. */
  public static Map<String, String> metadata(Path file) {
    return parse(file).metadata;
  }

  private static byte[] header(Model model, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      String sep = "";
      for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
        json.append(sep).append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
        sep = ",";
      }
      json.append("},");
    }
    long begin = 0;
    String sep = "";
    for (ParameterSpec p : model.parameterSpecs()) {
      if (p.name().equals("__metadata__")) {
        throw new IllegalArgumentException("a parameter may not be called __metadata__");
      }
      long end = begin + 4L * p.length();
      json.append(sep).append(Json.quote(p.name())).append(":{\"dtype\":\"F32\",\"shape\":")
          .append(p.shapeString()).append(",\"data_offsets\":[").append(begin).append(',').append(end).append("]}");
      begin = end;
      sep = ",";
    }
    json.append('}');
    byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
    // The format pads the header with spaces so the data area starts 8-byte aligned.
    int padded = (utf8.length + 7) & ~7;
    byte[] header = Arrays.copyOf(utf8, padded);
    Arrays.fill(header, utf8.length, padded, (byte) ' ');
    return header;
  }

  /** One tensor's header entry; {@code begin} and {@code end} are byte offsets into the data area. */
  private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

  /** A validated file: its tensor entries, its metadata and its data area (after the header). */
  private record Parsed(List<Entry> entries, Map<String, String> metadata, ByteBuffer data) {}

  private static Parsed parse(Path file) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new DataFileException(file, "is a directory, expected a safetensors file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, "no such file", e);
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    } catch (OutOfMemoryError e) {
      throw new DataFileException(file, "too large to load", e);
    }
    if (bytes.length < 8) {
      throw new DataFileException(file,
          "not a safetensors file: " + bytes.length + " bytes, too short for the 8-byte header length");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > bytes.length - 8) {
      throw new DataFileException(file, "header length " + Long.toUnsignedString(headerLength)
          + " is beyond the file size (" + bytes.length + " bytes): not a safetensors file, or truncated");
    }
    if (headerLength > MAX_HEADER) {
      throw new DataFileException(file, "header length " + headerLength + " exceeds the 100 MB limit");
    }
    if (headerLength < 2 || bytes[8] != '{') {
      throw new DataFileException(file, "not a safetensors file: the JSON header does not start with '{'");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFileException(file, "malformed JSON header: not valid UTF-8", e);
    }
    Object root;
    try {
      root = Json.parse(text);
    } catch (Json.ParseException e) {
      throw new DataFileException(file, "malformed JSON header: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new DataFileException(file, "malformed JSON header: not an object");
    }
    Map<String, String> metadata = Map.of();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> kv : top.entrySet()) {
      String name = (String) kv.getKey();
      if (name.equals("__metadata__")) {
        metadata = metadata(file, kv.getValue());
      } else {
        entries.add(entry(file, name, kv.getValue()));
      }
    }
    int dataStart = 8 + (int) headerLength;
    long dataLength = bytes.length - dataStart;
    checkLayout(file, entries, dataLength);
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) dataLength).slice();
    return new Parsed(List.copyOf(entries), metadata, data);
  }

  private static Map<String, String> metadata(Path file, Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new DataFileException(file, "malformed JSON header: __metadata__ is not an object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      if (!(kv.getValue() instanceof String s)) {
        throw new DataFileException(file,
            "malformed JSON header: __metadata__ value of \"" + kv.getKey() + "\" is not a string");
      }
      metadata.put((String) kv.getKey(), s);
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Entry entry(Path file, String name, Object value) {
    String where = "tensor \"" + name + "\": ";
    if (!(value instanceof Map<?, ?> map)) {
      throw new DataFileException(file, "malformed JSON header: " + where + "not an object");
    }
    if (!(map.get("dtype") instanceof String dtype)) {
      throw new DataFileException(file, "malformed JSON header: " + where + "missing string \"dtype\"");
    }
    long[] shape = longs(map.get("shape"), -1);
    long[] offsets = longs(map.get("data_offsets"), 2);
    if (shape == null) {
      throw new DataFileException(file,
          "malformed JSON header: " + where + "\"shape\" must be an array of non-negative integers");
    }
    if (offsets == null) {
      throw new DataFileException(file,
          "malformed JSON header: " + where + "\"data_offsets\" must be two non-negative integers");
    }
    if (!dtype.equals("F32")) {
      throw new DataFileException(file, where + "dtype " + dtype + " not supported (only F32)");
    }
    int[] dims = new int[shape.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > Integer.MAX_VALUE || (count *= shape[i]) > Integer.MAX_VALUE) {
        throw new DataFileException(file, where + "shape " + Arrays.toString(shape) + " is too large");
      }
      dims[i] = (int) shape[i];
    }
    if (offsets[0] > offsets[1]) {
      throw new DataFileException(file, where + "data offsets [" + offsets[0] + "," + offsets[1]
          + "] are out of order (begin after end)");
    }
    if (offsets[1] - offsets[0] != 4 * count) {
      throw new DataFileException(file, where + "data offsets [" + offsets[0] + "," + offsets[1] + "] span "
          + (offsets[1] - offsets[0]) + " bytes but shape " + ParameterSpec.shapeString(dims) + " F32 needs "
          + 4 * count);
    }
    return new Entry(name, dtype, dims, offsets[0], offsets[1]);
  }

  /** Non-negative integers, exactly {@code n} of them unless n is -1; null if anything else. */
  private static long[] longs(Object value, int n) {
    if (!(value instanceof List<?> list) || (n >= 0 && list.size() != n)) {
      return null;
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long v) || v < 0) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  // Like the reference implementation: sorted by offset, tensors must tile the data area exactly,
  // so no byte is shared, skipped or left over.
  private static void checkLayout(Path file, List<Entry> entries, long dataLength) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long end = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin < end) {
        throw new DataFileException(file, "data offsets overlap: tensor \"" + previous.name + "\" " + span(previous)
            + " and tensor \"" + e.name + "\" " + span(e));
      }
      if (e.begin > end) {
        throw new DataFileException(file, "data offsets do not cover the data area: bytes [" + end + "," + e.begin
            + ") before tensor \"" + e.name + "\" belong to no tensor");
      }
      end = e.end;
      previous = e;
    }
    if (end != dataLength) {
      throw new DataFileException(file, "data offsets do not cover the data area: tensors end at byte " + end
          + " but the data area has " + dataLength + " bytes");
    }
  }

  private static String span(Entry e) {
    return "[" + e.begin + "," + e.end + "]";
  }

  private static String names(Model model) {
    return model.parameterSpecs().stream().map(ParameterSpec::name).collect(Collectors.joining(", "));
  }
}
