package dev.fovea.processor.model;

import java.util.List;

/** A network as declared: where its generated class goes, its input and its layers in order. */
public record NetworkSpec(
    String packageName, String userClassName, String generatedClassName, Shape input, List<LayerSpec> layers,
    List<String> labels) {

  public NetworkSpec {
    layers = List.copyOf(layers);
    labels = List.copyOf(labels);
  }
}
