package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/**
 * Max or average pooling over a window of each channel, with PyTorch's symmetric padding and ceil mode.
 *
 * @param padHeight padding rows above and below, at most half the window height
 * @param ceil whether the output size rounds up (PyTorch's {@code ceil_mode})
 */
public record Pool2DSpec(
    String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight, int strideWidth,
    int padHeight, int padWidth, boolean ceil)
    implements LayerSpec {

  /** Which reduction the window applies. */
  public enum PoolKind {
    MAX,
    AVERAGE
  }

  /** Without padding, rounding down. */
  public Pool2DSpec(String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight,
      int strideWidth) {
    this(name, kind, windowHeight, windowWidth, strideHeight, strideWidth, 0, 0, false);
  }

  /** Whether windows can reach outside the input (padding, or a rounded-up last window). */
  public boolean reachesOutside() {
    return padHeight > 0 || padWidth > 0 || ceil;
  }

  @Override
  public Activation activation() {
    return Activation.LINEAR;
  }

  @Override
  public String kindName() {
    return kind == PoolKind.MAX ? "MaxPool2D" : "AvgPool2D";
  }
}
