package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;
import static dev.fovea.annotations.Block.*;

import dev.fovea.annotations.*;

/** The basic blocks of torchvision's ResNet-18 and ResNet-34, with its parameter and buffer names. */
final class ResNetBlocks {
  private ResNetBlocks() {}

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
