package dev.fovea.spark;

import dev.fovea.runtime.Json;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps after scaling to [0, 1] that a model was trained with, as docs/preprocessing.md records them:
 * inversion, then standardisation with the training set's mean and standard deviation (NaN for none).
 */
public record Preprocessing(boolean invert, double mean, double std) implements Serializable {

  /** No inversion, no standardisation: the network takes the scaled pixels. */
  public static final Preprocessing NONE = new Preprocessing(false, Double.NaN, Double.NaN);

  /** Checks that a standardisation has a positive standard deviation. */
  public Preprocessing {
    if (Double.isNaN(mean) != Double.isNaN(std) || (!Double.isNaN(std) && !(std > 0))) {
      throw new IllegalArgumentException("standardisation needs a mean and a positive std, got " + mean + ", " + std);
    }
  }

  /** Whether values are standardised. */
  public boolean standardize() {
    return !Double.isNaN(std);
  }

  /** Applies the steps in place, with the runtime's arithmetic (invert in float, standardise in double). */
  public void apply(float[] values) {
    if (invert) {
      for (int i = 0; i < values.length; i++) {
        values[i] = 1f - values[i];
      }
    }
    if (standardize()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((values[i] - mean) / std);
      }
    }
  }

  /** The {@code "preprocessing"} object of the metadata file {@code fovea:train} writes beside the weights. */
  public static Preprocessing fromMetadata(Path metadataJson) {
    try {
      Object root = Json.parse(Files.readString(metadataJson, StandardCharsets.UTF_8));
      Object pre = root instanceof Map<?, ?> m ? m.get("preprocessing") : null;
      if (!(pre instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(metadataJson + ": no \"preprocessing\" object");
      }
      return fromJson(map);
    } catch (IOException e) {
      throw new UncheckedIOException(metadataJson + ": cannot read: " + e.getMessage(), e);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException(metadataJson + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }

  /** From a parsed {@code "preprocessing"} object; absent keys mean no inversion and no standardisation. */
  static Preprocessing fromJson(Map<?, ?> map) {
    boolean invert = Boolean.TRUE.equals(map.get("invert"));
    if (!Boolean.TRUE.equals(map.get("standardize"))) {
      return new Preprocessing(invert, Double.NaN, Double.NaN);
    }
    if (!(map.get("mean") instanceof Number mean) || !(map.get("std") instanceof Number std)) {
      throw new IllegalArgumentException("\"standardize\": true needs numeric \"mean\" and \"std\"");
    }
    return new Preprocessing(invert, mean.doubleValue(), std.doubleValue());
  }

  /** The object {@link #fromJson} reads, in the metadata file's keys. */
  Map<String, Object> toJson() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("invert", invert);
    map.put("standardize", standardize());
    if (standardize()) {
      map.put("mean", mean);
      map.put("std", std);
    }
    return map;
  }
}
