package dev.fovea.processor.export;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.LayerKinds;
import dev.fovea.processor.parse.NetworkParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * A network's declaration as a versioned properties resource, written by the processor beside the classes so
 * that an exporter can rebuild the plan from compiled classes alone. Properties, because java.util reads them
 * with every escape handled; we write them ourselves so the output is ordered and has no timestamp. Each layer's
 * attributes are written and read by its kind.
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
    StringBuilder text = new StringBuilder("# A Fovea network declaration, read by the exporter. Do not edit.\n");
    SpecWriter out = new SpecWriter(text, "");
    out.put("format", FORMAT);
    out.put("package", spec.packageName());
    out.put("userClass", spec.userClassName());
    out.put("generatedClass", spec.generatedClassName());
    if (spec.input().sequence()) {
      out.put("sequence", spec.input().channels(), spec.input().width());
    } else {
      out.put("input", spec.input().channels(), spec.input().height(), spec.input().width());
    }
    out.put("labels", String.valueOf(spec.labels().size()));
    for (int i = 0; i < spec.labels().size(); i++) {
      out.put("label." + i, spec.labels().get(i));
    }
    out.put("layers", String.valueOf(spec.layers().size()));
    for (int i = 0; i < spec.layers().size(); i++) {
      SpecWriter layerOut = out.under("layer." + i + ".");
      LayerSpec layer = spec.layers().get(i);
      layerOut.put("kind", layer.kindName());
      layerOut.put("name", layer.name());
      LayerKinds.write(layer, layerOut);
      if (spec.from().containsKey(layer.name())) {
        layerOut.put("from", String.join(",", spec.from().get(layer.name())));
      }
      layerOut.put("activation", layer.activation().name());
    }
    return text.toString();
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
    SpecReader r = new SpecReader(props, "");
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
    // A sequence [channels, length] has a key of its own, so that an image's spec file reads as it always has.
    int[] sequence = r.has("sequence") ? r.ints("sequence", 2, 1) : null;
    int[] input = sequence == null ? r.ints("input", 3, 1) : null;
    List<String> labels = new ArrayList<>();
    for (int i = 0, n = r.ints("labels", 1, 0)[0]; i < n; i++) {
      labels.add(r.string("label." + i));
    }
    List<LayerSpec> layers = new ArrayList<>();
    Map<String, List<String>> from = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0, n = r.count("layers"); i < n; i++) {
      SpecReader layerIn = r.under("layer." + i + ".");
      LayerSpec layer = layer(layerIn);
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
      }
      layers.add(layer);
      layerIn.names("from").ifPresent(sources -> from.put(layer.name(), sources));
    }
    return new NetworkSpec(packageName, r.identifier("userClass"), r.identifier("generatedClass"),
        sequence != null ? Shape.sequence(sequence[0], sequence[1]) : Shape.spatial(input[0], input[1], input[2]),
        layers, labels, from);
  }

  private static LayerSpec layer(SpecReader r) {
    String kind = r.string("kind");
    String name = r.string("name");
    if (!NetworkParser.LAYER_NAME.matcher(name).matches() || name.equals(NetworkSpec.INPUT)
        || name.length() > NetworkParser.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("key '" + r.prefixForMessages() + "name' has '" + name
          + "', not a layer name");
    }
    Activation activation = r.activation("activation");
    return LayerKinds.forKindName(kind)
        .orElseThrow(() -> new IllegalArgumentException("key '" + r.prefixForMessages() + "kind' has '" + kind
            + "', not one of " + String.join(", ", LayerKinds.kindNames())))
        .read(r, name, activation);
  }
}
