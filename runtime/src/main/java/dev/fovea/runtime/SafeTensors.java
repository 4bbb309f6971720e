package dev.fovea.runtime;

import java.io.IOException;
import java.io.InputStream;
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

  /** How messages name a class-path resource: {@code class-path resource dev/app/lenet5.safetensors: ...}. */
  static final String RESOURCE = "class-path resource ";

  static final String NO_SUCH_RESOURCE = "no such resource (is it packaged, e.g. under src/main/resources?)";

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

    NonFiniteException(String source, String problem) {
      super(source, problem, null);
    }
  }

  private static final String I64 = "I64";

  /** One tensor read from a file. */
  public record Tensor(int[] shape, float[] data) {
    /** Copies {@code shape}, so the caller's array may change afterwards. */
    public Tensor {
      shape = shape.clone();
    }

    /** The dimensions, outermost first, as a copy. */
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
          if (data.remaining() < 8) {
            AtomicFiles.writeFully(ch, data.flip());
            data.clear();
          }
          if (p.integer()) {
            data.putLong((long) params[i]);
          } else {
            data.putFloat(params[i]);
          }
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
    load(model, parse(file));
  }

  /**
   * Loads every parameter of {@code model} from a stream of safetensors bytes, read to its end and left open
   * for the caller to close; validated whole before any weight changes, as from a file.
   *
   * @param name what messages call the stream, e.g. a URL or {@code "upload lenet5.safetensors"}
   * @throws DataFileException naming {@code name} when the bytes cannot be read or do not fit the model
   */
  public static void load(Model model, InputStream in, String name) {
    load(model, parse(readAll(in, Origin.of(name)), Origin.of(name)));
  }

  /**
   * Loads every parameter of {@code model} from a class-path resource, so that trained weights can ship inside
   * an application's jar: {@code loadResource(model, LeNet5.class, "lenet5.safetensors")} reads
   * {@code lenet5.safetensors} from {@code LeNet5}'s package, {@code "/models/lenet5.safetensors"} from the
   * class path's root (the rules of {@link Class#getResourceAsStream}). In a named module the package must be
   * open to the runtime; otherwise pass {@code anchor.getResourceAsStream(resource)} to the stream overload.
   *
   * @throws DataFileException naming the resource when it is missing, unreadable or does not fit the model
   */
  public static void loadResource(Model model, Class<?> anchor, String resource) {
    String absolute = resource.startsWith("/") ? resource.substring(1)
        : anchor.getPackageName().isEmpty() ? resource
        : anchor.getPackageName().replace('.', '/') + "/" + resource;
    Origin origin = Origin.of(RESOURCE + absolute);
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw origin.error(NO_SUCH_RESOURCE);
      }
      load(model, parse(readAll(in, origin), origin));
    } catch (IOException e) {
      throw origin.error("cannot read: " + e, e);
    }
  }

  private static void load(Model model, Parsed parsed) {
    Origin file = parsed.origin;
    Map<String, Entry> byName = new HashMap<>();
    for (Entry e : parsed.entries) {
      byName.put(e.name, e);
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      if (!byName.containsKey(p.name())) {
        throw file.error("missing tensor \"" + p.name() + "\" (" + model.name() + " needs "
            + names(model) + ")");
      }
    }
    for (Entry e : parsed.entries) {
      if (model.parameterSpec(e.name) == null) {
        throw file.error("unexpected tensor \"" + e.name + "\" (" + model.name() + " has "
            + names(model) + ")");
      }
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      Entry e = byName.get(p.name());
      if (!Arrays.equals(e.shape, p.shape())) {
        throw file.error("tensor \"" + p.name() + "\": shape " + p.shapeString()
            + " expected but file has " + ParameterSpec.shapeString(e.shape));
      }
    }
    for (ParameterSpec p : model.parameterSpecs()) {
      checkFinite(file, byName.get(p.name()), parsed.data);
    }
    float[] params = model.parameters();
    for (ParameterSpec p : model.parameterSpecs()) {
      Entry e = byName.get(p.name());
      floats(e, parsed.data, params, p.offset());
    }
  }

  /** The tensor's values as floats into {@code to} from {@code at}: F32 as is, I64 (a counter) converted. */
  private static void floats(Entry e, ByteBuffer data, float[] to, int at) {
    ByteBuffer bytes = data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
    if (e.dtype.equals(I64)) {
      for (int i = 0, n = bytes.remaining() / 8; i < n; i++) {
        to[at + i] = bytes.getLong(8 * i);
      }
    } else {
      bytes.asFloatBuffer().get(to, at, bytes.remaining() / 4);
    }
  }

  // A NaN or infinite weight makes every output NaN: evaluating it would print "loss NaN" and succeed.
  private static void checkFinite(Origin file, Entry e, ByteBuffer data) {
    if (e.dtype.equals(I64)) {
      return; // integers are finite
    }
    ByteBuffer bytes = data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0, n = bytes.remaining() / 4; i < n; i++) {
      float v = bytes.getFloat(4 * i);
      if (!Float.isFinite(v)) {
        String problem = String.format(Locale.ROOT, NOT_FINITE, e.name, v, i);
        throw file.path() != null ? new NonFiniteException(file.path(), problem)
            : new NonFiniteException(file.name(), problem);
      }
    }
  }

  /** All tensors of a file, in header order, for tooling. */
  public static Map<String, Tensor> read(Path file) {
    return tensors(parse(file));
  }

  /** All tensors of a stream's safetensors bytes, in header order; {@code name} names it in messages. */
  public static Map<String, Tensor> read(InputStream in, String name) {
    return tensors(parse(readAll(in, Origin.of(name)), Origin.of(name)));
  }

  private static Map<String, Tensor> tensors(Parsed parsed) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry e : parsed.entries) {
      float[] data = new float[(int) ((e.end - e.begin) / (e.dtype.equals(I64) ? 8 : 4))];
      floats(e, parsed.data, data, 0);
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
      long end = begin + (p.integer() ? 8L : 4L) * p.length();
      json.append(sep).append(Json.quote(p.name())).append(":{\"dtype\":\"").append(p.integer() ? I64 : "F32")
          .append("\",\"shape\":")
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
  private record Parsed(List<Entry> entries, Map<String, String> metadata, ByteBuffer data, Origin origin) {}

  /** Where bytes came from, for messages: a file, or a named stream or resource. */
  private record Origin(Path path, String name) {
    static Origin of(String name) {
      return new Origin(null, name);
    }

    DataFileException error(String problem) {
      return error(problem, null);
    }

    DataFileException error(String problem, Throwable cause) {
      return path != null ? new DataFileException(path, problem, cause) : new DataFileException(name, problem, cause);
    }
  }

  private static byte[] readAll(InputStream in, Origin origin) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw origin.error("cannot read: " + e, e);
    } catch (OutOfMemoryError e) {
      throw origin.error("too large to load", e);
    }
  }

  private static Parsed parse(Path path) {
    Origin file = new Origin(path, path.toString());
    byte[] bytes;
    try {
      if (Files.isDirectory(path)) {
        throw file.error("is a directory, expected a safetensors file");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw file.error("no such file", e);
    } catch (IOException e) {
      throw file.error("cannot read: " + e, e);
    } catch (OutOfMemoryError e) {
      throw file.error("too large to load", e);
    }
    return parse(bytes, file);
  }

  private static Parsed parse(byte[] bytes, Origin file) {
    if (bytes.length < 8) {
      throw file.error(
          "not a safetensors file: " + bytes.length + " bytes, too short for the 8-byte header length");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > bytes.length - 8) {
      throw file.error("header length " + Long.toUnsignedString(headerLength)
          + " is beyond the file size (" + bytes.length + " bytes): not a safetensors file, or truncated");
    }
    if (headerLength > MAX_HEADER) {
      throw file.error("header length " + headerLength + " exceeds the 100 MB limit");
    }
    if (headerLength < 2 || bytes[8] != '{') {
      throw file.error("not a safetensors file: the JSON header does not start with '{'");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
    } catch (CharacterCodingException e) {
      throw file.error("malformed JSON header: not valid UTF-8", e);
    }
    Object root;
    try {
      root = Json.parse(text);
    } catch (Json.ParseException e) {
      throw file.error("malformed JSON header: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw file.error("malformed JSON header: not an object");
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
    return new Parsed(List.copyOf(entries), metadata, data, file);
  }

  private static Map<String, String> metadata(Origin file, Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      throw file.error("malformed JSON header: __metadata__ is not an object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      if (!(kv.getValue() instanceof String s)) {
        throw file.error(
            "malformed JSON header: __metadata__ value of \"" + kv.getKey() + "\" is not a string");
      }
      metadata.put((String) kv.getKey(), s);
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Entry entry(Origin file, String name, Object value) {
    String where = "tensor \"" + name + "\": ";
    if (!(value instanceof Map<?, ?> map)) {
      throw file.error("malformed JSON header: " + where + "not an object");
    }
    if (!(map.get("dtype") instanceof String dtype)) {
      throw file.error("malformed JSON header: " + where + "missing string \"dtype\"");
    }
    long[] shape = longs(map.get("shape"), -1);
    long[] offsets = longs(map.get("data_offsets"), 2);
    if (shape == null) {
      throw file.error(
          "malformed JSON header: " + where + "\"shape\" must be an array of non-negative integers");
    }
    if (offsets == null) {
      throw file.error(
          "malformed JSON header: " + where + "\"data_offsets\" must be two non-negative integers");
    }
    if (!dtype.equals("F32") && !dtype.equals(I64)) {
      throw file.error(where + "dtype " + dtype + " not supported (only F32, and I64 for counters such as "
          + "num_batches_tracked)");
    }
    int size = dtype.equals(I64) ? 8 : 4;
    int[] dims = new int[shape.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > Integer.MAX_VALUE || (count *= shape[i]) > Integer.MAX_VALUE) {
        throw file.error(where + "shape " + Arrays.toString(shape) + " is too large");
      }
      dims[i] = (int) shape[i];
    }
    if (offsets[0] > offsets[1]) {
      throw file.error(where + "data offsets [" + offsets[0] + "," + offsets[1]
          + "] are out of order (begin after end)");
    }
    if (offsets[1] - offsets[0] != size * count) {
      throw file.error(where + "data offsets [" + offsets[0] + "," + offsets[1] + "] span "
          + (offsets[1] - offsets[0]) + " bytes but shape " + ParameterSpec.shapeString(dims) + " " + dtype
          + " needs " + size * count);
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
  private static void checkLayout(Origin file, List<Entry> entries, long dataLength) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long end = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin < end) {
        throw file.error("data offsets overlap: tensor \"" + previous.name + "\" " + span(previous)
            + " and tensor \"" + e.name + "\" " + span(e));
      }
      if (e.begin > end) {
        throw file.error("data offsets do not cover the data area: bytes [" + end + "," + e.begin
            + ") before tensor \"" + e.name + "\" belong to no tensor");
      }
      end = e.end;
      previous = e;
    }
    if (end != dataLength) {
      throw file.error("data offsets do not cover the data area: tensors end at byte " + end
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
