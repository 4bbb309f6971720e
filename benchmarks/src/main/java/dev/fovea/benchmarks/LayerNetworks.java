package dev.fovea.benchmarks;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.BatchNorm2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.DepthwiseConv2D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;
import dev.fovea.annotations.Padding;
import dev.fovea.annotations.SeparableConv2D;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every conv and dense layer of W1 and W2, Xception's middle-flow depthwise and separable convolutions, and
 * ResNet-18's (W3's) stem, its first batch norm and the 3x3 convolution each of its four stages repeats, as a
 * one-layer network with that layer's real input shape.
 */
public final class LayerNetworks {

  private LayerNetworks() {}

  /** The annotated class of each layer, keyed {@code W1.c1} ... {@code W2.output}, in network order. */
  public static final Map<String, Class<?>> BY_NAME = byName();

  private static Map<String, Class<?>> byName() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("W1.c1", W1C1.class);
    m.put("W1.c3", W1C3.class);
    m.put("W1.f5", W1F5.class);
    m.put("W1.f6", W1F6.class);
    m.put("W1.output", W1Output.class);
    m.put("W2.conv1", W2Conv1.class);
    m.put("W2.conv2", W2Conv2.class);
    m.put("W2.conv3", W2Conv3.class);
    m.put("W2.dense1", W2Dense1.class);
    m.put("W2.output", W2Output.class);
    m.put("X.depthwise", XDepthwise.class);
    m.put("X.separable", XSeparable.class);
    m.put("W3.conv1", W3Conv1.class);
    m.put("W3.bn1", W3Bn1.class);
    m.put("W3.layer1", W3Layer1.class);
    m.put("W3.layer2", W3Layer2.class);
    m.put("W3.layer3", W3Layer3.class);
    m.put("W3.layer4", W3Layer4.class);
    return Collections.unmodifiableMap(m);
  }

  @Network(input = @Input(channels = 1, height = 28, width = 28))
  public static class W1C1 {
    @Conv2D(filters = 6, kernel = 5, padding = 2, activation = SIGMOID) Layer c1;
  }

  @Network(input = @Input(channels = 6, height = 14, width = 14))
  public static class W1C3 {
    @Conv2D(filters = 16, kernel = 5, activation = SIGMOID) Layer c3;
  }

  @Network(input = @Input(channels = 16, height = 5, width = 5))
  public static class W1F5 {
    @Dense(units = 120, activation = SIGMOID) Layer f5;
  }

  @Network(input = @Input(channels = 120, height = 1, width = 1))
  public static class W1F6 {
    @Dense(units = 84, activation = SIGMOID) Layer f6;
  }

  @Network(input = @Input(channels = 84, height = 1, width = 1))
  public static class W1Output {
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  @Network(input = @Input(channels = 1, height = 28, width = 28))
  public static class W2Conv1 {
    @Conv2D(filters = 32, kernel = 3, activation = RELU) Layer conv1;
  }

  @Network(input = @Input(channels = 32, height = 13, width = 13))
  public static class W2Conv2 {
    @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv2;
  }

  @Network(input = @Input(channels = 64, height = 5, width = 5))
  public static class W2Conv3 {
    @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv3;
  }

  @Network(input = @Input(channels = 64, height = 3, width = 3))
  public static class W2Dense1 {
    @Dense(units = 64, activation = RELU) Layer dense1;
  }

  @Network(input = @Input(channels = 64, height = 1, width = 1))
  public static class W2Output {
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** Xception's middle flow without the pointwise half: 3x3 per channel over 728 planes of 19x19. */
  @Network(input = @Input(channels = 728, height = 19, width = 19))
  public static class XDepthwise {
    @DepthwiseConv2D(kernel = 3, padding = Padding.SAME, bias = false) Layer depthwise;
  }

  /** An Xception middle-flow layer (block5_sepconv1): 3x3 depthwise, then 728 -> 728 pointwise. */
  @Network(input = @Input(channels = 728, height = 19, width = 19))
  public static class XSeparable {
    @SeparableConv2D(filters = 728, kernel = 3, padding = Padding.SAME, bias = false) Layer separable;
  }

  @Network(input = @Input(channels = 3, height = 224, width = 224))
  public static class W3Conv1 {
    @Conv2D(filters = 64, kernel = 7, strides = 2, padding = 3, bias = false) Layer conv1;
  }

  /** ResNet-18's bn1 with its ReLU, on conv1's 64 x 112 x 112 output. */
  @Network(input = @Input(channels = 64, height = 112, width = 112))
  public static class W3Bn1 {
    @BatchNorm2D(activation = RELU) Layer bn1;
  }

  @Network(input = @Input(channels = 64, height = 56, width = 56))
  public static class W3Layer1 {
    @Conv2D(filters = 64, kernel = 3, padding = 1, bias = false) Layer conv;
  }

  @Network(input = @Input(channels = 128, height = 28, width = 28))
  public static class W3Layer2 {
    @Conv2D(filters = 128, kernel = 3, padding = 1, bias = false) Layer conv;
  }

  @Network(input = @Input(channels = 256, height = 14, width = 14))
  public static class W3Layer3 {
    @Conv2D(filters = 256, kernel = 3, padding = 1, bias = false) Layer conv;
  }

  @Network(input = @Input(channels = 512, height = 7, width = 7))
  public static class W3Layer4 {
    @Conv2D(filters = 512, kernel = 3, padding = 1, bias = false) Layer conv;
  }
}
