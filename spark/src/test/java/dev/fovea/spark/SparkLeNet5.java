package dev.fovea.spark;

import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.AvgPool2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;

/** The example project's LeNet-5 (61,706 parameters), for SparkBenchmark and the README's example. */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class SparkLeNet5 {
  @Conv2D(filters = 6, kernel = 5, padding = 2, activation = SIGMOID) Layer c1;
  @AvgPool2D(2) Layer s2;
  @Conv2D(filters = 16, kernel = 5, activation = SIGMOID) Layer c3;
  @AvgPool2D(2) Layer s4;
  @Dense(units = 120, activation = SIGMOID) Layer f5;
  @Dense(units = 84, activation = SIGMOID) Layer f6;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
