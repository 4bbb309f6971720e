package dev.fovea.example;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Block.ARG1;

import dev.fovea.annotations.Add;
import dev.fovea.annotations.Block;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.GlobalAvgPool2D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;
import dev.fovea.annotations.Use;

/**
 * A small residual network for 28x28 images (He et al. 2015, scaled down): a stem, one residual block at 28x28
 * and two that halve the size with a projection shortcut, global average pooling; 77,322 parameters.
 */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class SmallResNet {
  @Conv2D(filters = 16, kernel = 3, padding = 1, activation = RELU) Layer stem;
  @Use(value = Basic.class, args = 16) Layer block1;        // [16, 28, 28]
  @Use(value = Down.class, args = 32) Layer block2;         // [32, 14, 14]
  @Use(value = Down.class, args = 64) Layer block3;         // [64, 7, 7]
  @GlobalAvgPool2D Layer pool;                              // [64]
  @Dense(units = 10, activation = SOFTMAX) Layer output;

  /** Two 3x3 convolutions and the identity shortcut: relu(conv2(relu(conv1(x))) + x). */
  @Block(args = "filters")
  static class Basic {
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, activation = RELU) Layer conv1;
    @Conv2D(filters = ARG1, kernel = 3, padding = 1) Layer conv2;
    @Add(from = {"conv2", "input"}, activation = RELU) Layer add;
  }

  /** As Basic, at strides 2, with a 1x1 convolution projecting the shortcut to the new size. */
  @Block(args = "filters")
  static class Down {
    @Conv2D(filters = ARG1, kernel = 3, strides = 2, padding = 1, activation = RELU) Layer conv1;
    @Conv2D(filters = ARG1, kernel = 3, padding = 1) Layer conv2;
    @Conv2D(filters = ARG1, kernel = 1, strides = 2, bias = false, from = "input") Layer shortcut;
    @Add(from = {"conv2", "shortcut"}, activation = RELU) Layer add;
  }
}
