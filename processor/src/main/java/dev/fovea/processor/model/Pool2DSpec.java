package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/**
 * Max or average pooling over a window of each channel, with PyTorch's symmetric padding and ceil mode. 1-D
 * pooling of a sequence ({@code sequence}) is the same with window height 1, vertical stride 1, no vertical
 * padding, so that the pooling emitters serve both.
 *
 * @param padHeight padding rows above and below, at most half the window height
 * @param ceil whether the output size rounds up (PyTorch's {@code ceil_mode})
 */
public record Pool2DSpec(
    String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight, int strideWidth,
    int padHeight, int padWidth, boolean ceil, boolean sequence)
    implements LayerSpec {

  /** Which reduction the window applies. */
  public enum PoolKind {
    MAX,
    AVERAGE
  }

  /** 2-D pooling. */
  public Pool2DSpec(String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight,
      int strideWidth, int padHeight, int padWidth, boolean ceil) {
    this(name, kind, windowHeight, windowWidth, strideHeight, strideWidth, padHeight, padWidth, ceil, false);
  }

  /** 2-D pooling without padding, rounding down. */
  public Pool2DSpec(String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight,
      int strideWidth) {
    this(name, kind, windowHeight, windowWidth, strideHeight, strideWidth, 0, 0, false);
  }

  /** 1-D pooling of a sequence: a window of {@code window} cells every {@code strides}, padding at both ends. */
  public static Pool2DSpec sequence(String name, PoolKind kind, int window, int strides, int padding,
      boolean ceil) {
    return new Pool2DSpec(name, kind, 1, window, 1, strides, 0, padding, ceil, true);
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
    String dims = sequence ? "1D" : "2D";
    return (kind == PoolKind.MAX ? "MaxPool" : "AvgPool") + dims;
  }
}
