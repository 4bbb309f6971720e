package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/** A fully connected layer over the flattened (C x H x W) input. */
public record DenseSpec(String name, int units, boolean bias, Activation activation) implements LayerSpec {

  @Override
  public String kindName() {
    return "Dense";
  }
}
