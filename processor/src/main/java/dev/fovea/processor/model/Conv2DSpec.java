package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/** A 2-D convolution: filters x kernel, separate vertical and horizontal stride, padding. */
public record Conv2DSpec(
    String name,
    int filters,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    PaddingSpec padding,
    boolean bias,
    Activation activation)
    implements LayerSpec {

  @Override
  public String kindName() {
    return "Conv2D";
  }
}
