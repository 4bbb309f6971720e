package dev.fovea.report;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** A small LeNet-like network the report tests train for a moment on the bundled Fashion-MNIST slice. */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle <boot>"})   // "<boot>": the page must escape labels
public class SmallNet {
  @Conv2D(filters = 6, kernel = 5, padding = 2, activation = RELU) Layer c1;
  @MaxPool2D(2) Layer s2;
  @Conv2D(filters = 12, kernel = 5, strides = 1, activation = RELU) Layer c3;
  @MaxPool2D(2) Layer s4;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
