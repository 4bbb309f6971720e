package dev.fovea.benchmarks;

import static dev.fovea.annotations.Activation.*;
import static dev.fovea.annotations.Block.*;

import dev.fovea.annotations.*;

/**
 * Workload W3: ResNet-18 (He et al. 2015) at 224x224 as torchvision builds it, so a torchvision {@code state_dict()}
 * and Fovea's safetensors are interchangeable (the twin of example-project's {@code zoo.ResNet18}, which this module,
 * built before the example, cannot use).
 */
@Network(input = @Input(channels = 3, height = 224, width = 224))
public class W3ResNet18 {
  @Conv2D(filters = 64, kernel = 7, strides = 2, padding = 3, bias = false) Layer conv1;
  @BatchNorm2D(activation = RELU) Layer bn1;
  @MaxPool2D(value = 3, strides = 2, padding = 1) Layer maxpool;
  @Use(value = Basic.class, args = 64, name = "layer1.0") Layer layer1_0;
  @Use(value = Basic.class, args = 64, name = "layer1.1") Layer layer1_1;
  @Use(value = Down.class, args = 128, name = "layer2.0") Layer layer2_0;
  @Use(value = Basic.class, args = 128, name = "layer2.1") Layer layer2_1;
  @Use(value = Down.class, args = 256, name = "layer3.0") Layer layer3_0;
  @Use(value = Basic.class, args = 256, name = "layer3.1") Layer layer3_1;
  @Use(value = Down.class, args = 512, name = "layer4.0") Layer layer4_0;
  @Use(value = Basic.class, args = 512, name = "layer4.1") Layer layer4_1;
  @GlobalAvgPool2D Layer avgpool;
  @Dense(units = 1000, activation = SOFTMAX) Layer fc;

  /** Two 3x3 convolutions, each with a batch norm, and the identity shortcut. */
  @Block(args = "planes")
  static class Basic {
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, bias = false) Layer conv1;
    @BatchNorm2D(activation = RELU) Layer bn1;
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
    @BatchNorm2D Layer bn2;
    @Add(from = {"bn2", "input"}, activation = RELU) Layer add;
  }

  /** The first block of a stage: strides 2 and a 1x1 projection shortcut. */
  @Block(args = "planes")
  static class Down {
    @Conv2D(filters = ARG1, kernel = 3, strides = 2, padding = 1, bias = false) Layer conv1;
    @BatchNorm2D(activation = RELU) Layer bn1;
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
    @BatchNorm2D Layer bn2;
    @Conv2D(filters = ARG1, kernel = 1, strides = 2, bias = false, from = "input", name = "downsample.0")
    Layer downsample;
    @BatchNorm2D(name = "downsample.1") Layer downsampleNorm;
    @Add(from = {"bn2", "downsample.1"}, activation = RELU) Layer add;
  }
}
