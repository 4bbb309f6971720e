package dev.fovea.spark;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** A small convolutional network for Fashion-MNIST, compiled by Fovea from the test sources, for the Spark tests. */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class SparkTestNet {
  @Conv2D(filters = 4, kernel = 5, activation = RELU) Layer c1;
  @MaxPool2D(4) Layer s2;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
