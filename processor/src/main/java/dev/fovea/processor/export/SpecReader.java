package dev.fovea.processor.export;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.parse.NetworkParser;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.lang.model.SourceVersion;

/**
 * Typed, checked access to a spec file's keys, all under one prefix (a layer's keys start with
 * {@code layer.3.}); every failure is an IllegalArgumentException that names the key.
 */
public final class SpecReader {
  private final Properties props;
  private final String prefix;

  SpecReader(Properties props, String prefix) {
    this.props = props;
    this.prefix = prefix;
  }

  /** Whether an optional key is present. */
  public boolean has(String key) {
    return props.getProperty(prefix + key) != null;
  }

  /** The prefix, for messages that name a key. */
  public String prefixForMessages() {
    return prefix;
  }

  /** The keys under {@code prefix + more}. */
  SpecReader under(String more) {
    return new SpecReader(props, prefix + more);
  }

  public String string(String key) {
    String value = props.getProperty(prefix + key);
    if (value == null) {
      throw new IllegalArgumentException("key '" + prefix + key + "' is missing");
    }
    return value;
  }

  /** A size: a whole number of at least 1. */
  public int count(String key) {
    return ints(key, 1, 1)[0];
  }

  /** Sizes, each at least 1: shape inference relies on the parser having checked that. */
  public int[] ints(String key, int n) {
    return ints(key, n, 1);
  }

  String identifier(String key) {
    String value = string(key);
    if (!SourceVersion.isIdentifier(value) || SourceVersion.isKeyword(value)) {
      throw new IllegalArgumentException("key '" + prefix + key + "' has '" + value + "', not a class name");
    }
    return value;
  }

  public int[] ints(String key, int n, int min) {
    String value = string(key);
    String[] parts = value.split(",", -1);
    if (parts.length != n) {
      throw new IllegalArgumentException("key '" + prefix + key + "' needs " + n + " comma-separated numbers, got '"
          + value + "'");
    }
    int[] result = new int[n];
    for (int i = 0; i < n; i++) {
      try {
        result[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("key '" + prefix + key + "' has '" + value + "', not numbers");
      }
      if (result[i] < min) {
        throw new IllegalArgumentException("key '" + prefix + key + "' has '" + value
            + "': each number must be at least " + min);
      }
    }
    return result;
  }

  /**
   * An optional comma-separated list of layer names (or {@code input}), checked as names: they end up in
   * generated Java. Whether each names a layer above is checked by shape inference.
   */
  Optional<List<String>> names(String key) {
    String value = props.getProperty(prefix + key);
    if (value == null) {
      return Optional.empty();
    }
    List<String> names = value.isEmpty() ? List.of() : List.of(value.split(",", -1));
    for (String name : names) {
      if (!NetworkParser.LAYER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("key '" + prefix + key + "' has '" + value + "', not layer names");
      }
    }
    return Optional.of(names);
  }

  /** A number within [min, max] (above min when {@code minExcluded}), as the parser checks the attribute. */
  public double number(String key, double min, boolean minExcluded, double max) {
    return number(key, min, minExcluded, max, false);
  }

  /** As {@link #number(String, double, boolean, double)}, with max itself excluded when {@code maxExcluded}. */
  public double number(String key, double min, boolean minExcluded, double max, boolean maxExcluded) {
    String value = string(key);
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("key '" + prefix + key + "' has '" + value + "', not a number");
    }
    if (!(minExcluded ? v > min : v >= min) || !(maxExcluded ? v < max : v <= max)) {
      throw new IllegalArgumentException("key '" + prefix + key + "' has " + value + ", outside "
          + (minExcluded ? "(" : "[") + min + ", " + max + (maxExcluded ? ")" : "]"));
    }
    return v;
  }

  public boolean bool(String key) {
    String value = string(key);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("key '" + prefix + key + "' must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  public Activation activation(String key) {
    String value = string(key);
    try {
      return Activation.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + prefix + key + "' has unknown activation '" + value + "'");
    }
  }
}
