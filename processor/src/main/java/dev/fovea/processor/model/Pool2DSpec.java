package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/** Max or average pooling over a window of each channel, without padding. */
public record Pool2DSpec(
    String name, PoolKind kind, int windowHeight, int windowWidth, int strideHeight, int strideWidth)
    implements LayerSpec {

  /** Which reduction the window applies. */
  public enum PoolKind {
    MAX,
    AVERAGE
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
