package dev.fovea.example;

import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.AvgPool2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;

/** LeNet-5 (LeCun et al., 1998) as in d2l.ai: sigmoid activations, average pooling, 61,706 parameters. */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class LeNet5 {
  @Conv2D(filters = 6, kernel = 5, padding = 2, activation = SIGMOID) Layer c1;
  @AvgPool2D(2) Layer s2;
  @Conv2D(filters = 16, kernel = 5, activation = SIGMOID) Layer c3;
  @AvgPool2D(2) Layer s4;
  @Dense(units = 120, activation = SIGMOID) Layer f5;   // flattens 16x5x5 = 400
  @Dense(units = 84, activation = SIGMOID) Layer f6;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
