package dev.fovea.example;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Block.ARG1;

import dev.fovea.annotations.Add;
import dev.fovea.annotations.BatchNorm2D;
import dev.fovea.annotations.Block;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.GlobalAvgPool2D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;
import dev.fovea.annotations.Use;

/**
 * A residual network with batch normalisation for 28x28 images, in torchvision's ResNet layout scaled down:
 * convolutions without bias, each followed by a batch norm; three stages of two basic blocks at 16, 32 and 64
 * filters (28x28, 14x14, 7x7), projection shortcuts where the size halves, global average pooling.
 */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class FashionResNet {
  @Conv2D(filters = 16, kernel = 3, padding = 1, bias = false) Layer conv1;
  @BatchNorm2D(activation = RELU) Layer bn1;
  @Use(value = Basic.class, args = 16, name = "layer1.0") Layer layer10;       // [16, 28, 28]
  @Use(value = Basic.class, args = 16, name = "layer1.1") Layer layer11;
  @Use(value = Down.class, args = 32, name = "layer2.0") Layer layer20;        // [32, 14, 14]
  @Use(value = Basic.class, args = 32, name = "layer2.1") Layer layer21;
  @Use(value = Down.class, args = 64, name = "layer3.0") Layer layer30;        // [64, 7, 7]
  @Use(value = Basic.class, args = 64, name = "layer3.1") Layer layer31;
  @GlobalAvgPool2D Layer avgpool;                                              // [64]
  @Dense(units = 10, activation = SOFTMAX) Layer fc;

  /** torchvision's BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + x). */
  @Block(args = "planes")
  static class Basic {
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, bias = false) Layer conv1;
    @BatchNorm2D(activation = RELU) Layer bn1;
    @Conv2D(filters = ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
    @BatchNorm2D Layer bn2;
    @Add(from = {"bn2", "input"}, activation = RELU) Layer add;
  }

  /** As Basic at strides 2, the shortcut a 1x1 convolution at strides 2 and a batch norm. */
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
