package dev.fovea.processor.model;

import java.util.List;
import java.util.Map;

/**
 * A network as declared: where its generated class goes, its input, its layers in order and the labels.
 *
 * @param from the layers each layer reads, by name ({@link #INPUT} for the network's input), for the layers that
 *     name them; every other layer reads the layer declared just above it (the first, the input)
 */
public record NetworkSpec(
    String packageName, String userClassName, String generatedClassName, Shape input, List<LayerSpec> layers,
    List<String> labels, Map<String, List<String>> from) {

  /** The name by which {@code from} refers to the network's input. */
  public static final String INPUT = "input";

  public NetworkSpec {
    layers = List.copyOf(layers);
    labels = List.copyOf(labels);
    from = Map.copyOf(from);
  }

  /** A straight line: every layer reads the one above it. */
  public NetworkSpec(String packageName, String userClassName, String generatedClassName, Shape input,
      List<LayerSpec> layers, List<String> labels) {
    this(packageName, userClassName, generatedClassName, input, layers, labels, Map.of());
  }

  /** The names of the layers layer {@code i} reads, {@link #INPUT} for the network's input. */
  public List<String> sources(int i) {
    List<String> named = from.get(layers.get(i).name());
    if (named != null && !named.isEmpty()) {
      return named;
    }
    return List.of(i == 0 ? INPUT : layers.get(i - 1).name());
  }
}
