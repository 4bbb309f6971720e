package dev.fovea.processor.export;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.NetworkParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * A network's declaration as a versioned properties resource, written by the processor beside the classes so
 * that an exporter can rebuild the plan from compiled classes alone. Properties, because java.util reads them
 * with every escape handled; we write them ourselves so the output is ordered and has no timestamp.
 */
public final class SpecFile {
  /** Where the processor puts the spec of a generated class, by its binary name. */
  public static final String DIRECTORY = "META-INF/fovea/specs/";
  /** The first key of every spec; a reader refuses any other version. */
  public static final String FORMAT = "fovea-spec/1";

  private SpecFile() {}

  /** The resource path of the spec of a generated class. */
  public static String resourceName(String generatedBinaryName) {
    return DIRECTORY + generatedBinaryName + ".properties";
  }

  /** The spec as properties text, keys in declaration order. */
  public static String write(NetworkSpec spec) {
    StringBuilder out = new StringBuilder("# A Fovea network declaration, read by the exporter. Do not edit.\n");
    put(out, "format", FORMAT);
    put(out, "package", spec.packageName());
    put(out, "userClass", spec.userClassName());
    put(out, "generatedClass", spec.generatedClassName());
    put(out, "input", spec.input().channels() + "," + spec.input().height() + "," + spec.input().width());
    put(out, "labels", String.valueOf(spec.labels().size()));
    for (int i = 0; i < spec.labels().size(); i++) {
      put(out, "label." + i, spec.labels().get(i));
    }
    put(out, "layers", String.valueOf(spec.layers().size()));
    for (int i = 0; i < spec.layers().size(); i++) {
      String key = "layer." + i + ".";
      LayerSpec layer = spec.layers().get(i);
      put(out, key + "kind", layer.kindName());
      put(out, key + "name", layer.name());
      if (layer instanceof Conv2DSpec c) {
        put(out, key + "filters", String.valueOf(c.filters()));
        put(out, key + "kernel", c.kernelHeight() + "," + c.kernelWidth());
        put(out, key + "strides", c.strideHeight() + "," + c.strideWidth());
        PaddingSpec p = c.padding();
        put(out, key + "padding", p.same() ? "SAME" : p.top() + "," + p.bottom() + "," + p.left() + "," + p.right());
        put(out, key + "bias", String.valueOf(c.bias()));
      } else if (layer instanceof Pool2DSpec p) {
        put(out, key + "window", p.windowHeight() + "," + p.windowWidth());
        put(out, key + "strides", p.strideHeight() + "," + p.strideWidth());
      } else if (layer instanceof DenseSpec d) {
        put(out, key + "units", String.valueOf(d.units()));
        put(out, key + "bias", String.valueOf(d.bias()));
      }
      put(out, key + "activation", layer.activation().name());
    }
    return out.toString();
  }

  /**
   * Parses a spec written by {@link #write}.
   *
   * @throws IllegalArgumentException with one readable sentence when the text is not a valid spec
   */
  public static NetworkSpec read(String text) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a properties file: " + e.getMessage());
    }
    Reader r = new Reader(props);
    String format = r.string("format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format '" + format + "' is not " + FORMAT
          + ": the classes were compiled by a different Fovea version; recompile them with this one");
    }
    // The names end up in generated Java, so they are checked as strictly as the parser checks them.
    String packageName = r.string("package");
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      throw new IllegalArgumentException("key 'package' has '" + packageName + "', not a package name");
    }
    int[] input = r.ints("input", 3, 1);
    List<String> labels = new ArrayList<>();
    for (int i = 0, n = r.ints("labels", 1, 0)[0]; i < n; i++) {
      labels.add(r.string("label." + i));
    }
    List<LayerSpec> layers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0, n = r.count("layers"); i < n; i++) {
      LayerSpec layer = layer(r, "layer." + i + ".");
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
      }
      layers.add(layer);
    }
    return new NetworkSpec(packageName, r.identifier("userClass"), r.identifier("generatedClass"),
        Shape.spatial(input[0], input[1], input[2]), layers, labels);
  }

  private static LayerSpec layer(Reader r, String key) {
    String kind = r.string(key + "kind");
    String name = r.string(key + "name");
    if (!NetworkParser.LAYER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key '" + key + "name' has '" + name + "', not a layer name");
    }
    Activation activation = r.activation(key + "activation");
    switch (kind) {
      case "Conv2D" -> {
        int[] kernel = r.ints(key + "kernel", 2);
        int[] strides = r.ints(key + "strides", 2);
        PaddingSpec padding = "SAME".equals(r.string(key + "padding")) ? PaddingSpec.SAME : padding(r, key);
        return new Conv2DSpec(name, r.count(key + "filters"), kernel[0], kernel[1], strides[0], strides[1],
            padding, r.bool(key + "bias"), activation);
      }
      case "MaxPool2D", "AvgPool2D" -> {
        int[] window = r.ints(key + "window", 2);
        int[] strides = r.ints(key + "strides", 2);
        return new Pool2DSpec(name, kind.equals("MaxPool2D") ? PoolKind.MAX : PoolKind.AVERAGE, window[0],
            window[1], strides[0], strides[1]);
      }
      case "Dense" -> {
        return new DenseSpec(name, r.count(key + "units"), r.bool(key + "bias"), activation);
      }
      default -> throw new IllegalArgumentException(key + "kind '" + kind
          + "' is not Conv2D, MaxPool2D, AvgPool2D or Dense");
    }
  }

  private static PaddingSpec padding(Reader r, String key) {
    int[] p = r.ints(key + "padding", 4, 0);
    return PaddingSpec.explicit(p[0], p[1], p[2], p[3]);
  }

  /** Typed, checked access to the keys; every failure names the key. */
  private record Reader(Properties props) {
    String string(String key) {
      String value = props.getProperty(key);
      if (value == null) {
        throw new IllegalArgumentException("key '" + key + "' is missing");
      }
      return value;
    }

    /** A size: a whole number of at least 1. */
    int count(String key) {
      return ints(key, 1, 1)[0];
    }

    /** Sizes, each at least 1: shape inference relies on the parser having checked that. */
    int[] ints(String key, int n) {
      return ints(key, n, 1);
    }

    String identifier(String key) {
      String value = string(key);
      if (!SourceVersion.isIdentifier(value) || SourceVersion.isKeyword(value)) {
        throw new IllegalArgumentException("key '" + key + "' has '" + value + "', not a class name");
      }
      return value;
    }

    int[] ints(String key, int n, int min) {
      String value = string(key);
      String[] parts = value.split(",", -1);
      if (parts.length != n) {
        throw new IllegalArgumentException("key '" + key + "' needs " + n + " comma-separated numbers, got '"
            + value + "'");
      }
      int[] result = new int[n];
      for (int i = 0; i < n; i++) {
        try {
          result[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("key '" + key + "' has '" + value + "', not numbers");
        }
        if (result[i] < min) {
          throw new IllegalArgumentException("key '" + key + "' has '" + value + "': each number must be at least "
              + min);
        }
      }
      return result;
    }

    boolean bool(String key) {
      String value = string(key);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException("key '" + key + "' must be true or false, got '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    Activation activation(String key) {
      String value = string(key);
      try {
        return Activation.valueOf(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key '" + key + "' has unknown activation '" + value + "'");
      }
    }
  }

  /** One {@code key=value} line; values escaped as Properties.load reads them. */
  private static void put(StringBuilder out, String key, String value) {
    out.append(key).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case ' ' -> out.append(i == 0 ? "\\ " : " "); // a leading blank would be taken for separator space
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('\n');
  }
}
