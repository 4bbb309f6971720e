package dev.fovea.maven;

import dev.fovea.runtime.AtomicFiles;
import dev.fovea.runtime.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The JSON file written beside trained weights: what was trained on what, how, with which result, and
 * the preprocessing constants needed to feed the model the inputs it was trained on.
 *
 * @param mean the training set's pixel mean subtracted before training, or null for raw [0, 1] inputs
 * @param std the pixel standard deviation divided by, or null
 * @param invert whether every value v in [0, 1] became 1 - v before standardisation
 * @param image for image folders, how a decoded image became the network's input (colour conversion and resize,
 *     see docs/preprocessing.md); null for IDX and CSV data, which come at the network's size
 */
record Metadata(
    String network,
    String generatedClass,
    List<Long> inputShape,
    List<String> labels,
    String data,
    Double mean,
    Double std,
    Map<String, Object> settings,
    Map<String, Object> metrics,
    Fingerprint fingerprint,
    String weightsSha256,
    boolean invert,
    Map<String, Object> image) {

  /** Bumped when the layout changes, so an old file is reported rather than misread. */
  static final String FORMAT = "fovea-model/1";

  /**
   * Standardisation constants train cannot have written (arguments: mean, std). Pixels are scaled to [0, 1], so
   * their mean lies in [0, 1] and their deviation in (0, 0.5]; no data of at most 2^31 values in steps of 1/255
   * deviates by less than 8.5e-8 without being constant. Anything else (1e999, 1e-320) would make every input
   * infinite or NaN.
   */
  static final String PREPROCESSING_RANGE =
      "preprocessing mean %s and std %s are not pixel statistics (mean in [0, 1], std in [1e-8, 0.5])";

  private static final double MIN_STD = 1e-8;

  /** Whether inputs were standardised, i.e. {@link #mean} and {@link #std} apply. */
  boolean standardized() {
    return mean != null;
  }

  /** Writes this as JSON, atomically. */
  void write(Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("network", network);
    json.put("generatedClass", generatedClass);
    json.put("inputShape", inputShape);
    json.put("labels", labels);
    json.put("data", data);
    Map<String, Object> preprocessing = new LinkedHashMap<>();
    preprocessing.put("scale", image == null ? "pixel / 255" : "sample / maximum sample value (pixel / 255 for 8 bits)");
    if (image != null) {
      preprocessing.put("image", image);
    }
    preprocessing.put("invert", invert);
    preprocessing.put("standardize", standardized());
    if (standardized()) {
      preprocessing.put("mean", mean);
      preprocessing.put("std", std);
    }
    json.put("preprocessing", preprocessing);
    json.put("settings", settings);
    json.put("metrics", metrics);
    json.put("fingerprint", fingerprint.toJson());
    json.put("weightsSha256", weightsSha256);
    AtomicFiles.write(file, Json.write(json).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads and checks a metadata file.
   *
   * @return null if the file does not exist
   * @throws MojoFailureException naming the file if it is unreadable or malformed
   */
  static Metadata read(Path file) throws MojoFailureException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new MojoFailureException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      Fields root = new Fields(file, Json.parse(text));
      if (!FORMAT.equals(root.string("format"))) {
        throw root.malformed("format is not " + FORMAT);
      }
      Fields preprocessing = root.object("preprocessing");
      boolean standardized = Boolean.TRUE.equals(preprocessing.get("standardize", Boolean.class));
      Double mean = standardized ? preprocessing.number("mean") : null;
      Double std = standardized ? preprocessing.number("std") : null;
      if (standardized && !(mean >= 0 && mean <= 1 && std >= MIN_STD && std <= 0.5)) {
        throw root.malformed(String.format(Locale.ROOT, PREPROCESSING_RANGE, mean, std));
      }
      // Files written before inversion and image folders existed have neither key.
      boolean invert = Boolean.TRUE.equals(preprocessing.map().get("invert"));
      Map<String, Object> image = preprocessing.map().containsKey("image") ? preprocessing.object("image").map() : null;
      return new Metadata(root.string("network"), root.string("generatedClass"), root.list("inputShape", Long.class),
          root.list("labels", String.class), root.string("data"), mean, std, root.object("settings").map(),
          root.object("metrics").map(), Fingerprint.fromJson(root.object("fingerprint")),
          root.string("weightsSha256"), invert, image);
    } catch (Json.ParseException e) {
      throw new MojoFailureException(file + ": not valid JSON (" + e.getMessage() + "): delete it and retrain");
    }
  }

  /** Typed access to a parsed JSON object, failing with the file's name. */
  record Fields(Path file, Object value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map() throws MojoFailureException {
      if (!(value instanceof Map)) {
        throw malformed("expected a JSON object");
      }
      return (Map<String, Object>) value;
    }

    <T> T get(String key, Class<T> type) throws MojoFailureException {
      Object v = map().get(key);
      if (!type.isInstance(v)) {
        throw malformed("\"" + key + "\" is missing or not a " + type.getSimpleName());
      }
      return type.cast(v);
    }

    String string(String key) throws MojoFailureException {
      return get(key, String.class);
    }

    double number(String key) throws MojoFailureException {
      return get(key, Number.class).doubleValue();
    }

    Fields object(String key) throws MojoFailureException {
      return new Fields(file, get(key, Map.class));
    }

    <T> List<T> list(String key, Class<T> type) throws MojoFailureException {
      List<?> list = get(key, List.class);
      for (Object v : list) {
        if (!type.isInstance(v)) {
          throw malformed("\"" + key + "\" holds " + v + ", expected " + type.getSimpleName() + " values");
        }
      }
      return list.stream().map(type::cast).toList();
    }

    MojoFailureException malformed(String problem) {
      return new MojoFailureException(file + ": malformed metadata (" + problem + "): delete it and retrain");
    }
  }
}
