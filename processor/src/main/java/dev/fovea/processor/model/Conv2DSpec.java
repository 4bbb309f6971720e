package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/**
 * A 2-D convolution: filters x kernel, separate vertical and horizontal stride, padding. A 1-D convolution
 * ({@code sequence}) is the same with kernel height 1, vertical stride 1 and no vertical padding, so that every
 * convolution emitter and strategy serves both.
 */
public record Conv2DSpec(
    String name,
    int filters,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    PaddingSpec padding,
    boolean bias,
    Activation activation,
    boolean sequence)
    implements LayerSpec {

  /** A 2-D convolution. */
  public Conv2DSpec(String name, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
      PaddingSpec padding, boolean bias, Activation activation) {
    this(name, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, bias, activation, false);
  }

  /** A 1-D convolution of a sequence; padding amounts are the left and right ones. */
  public static Conv2DSpec sequence(String name, int filters, int kernel, int strides, PaddingSpec padding,
      boolean bias, Activation activation) {
    return new Conv2DSpec(name, filters, 1, kernel, 1, strides, padding, bias, activation, true);
  }

  @Override
  public String kindName() {
    return sequence ? "Conv1D" : "Conv2D";
  }
}
