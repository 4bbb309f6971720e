package dev.fovea.example;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** The classic Keras MNIST convnet (Chollet, Deep Learning with Python, 5.1): 93,322 parameters. */
@Network(input = @Input(channels = 1, height = 28, width = 28),
    labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"})
public class KerasMnistNet {
  @Conv2D(filters = 32, kernel = 3, activation = RELU) Layer conv1;
  @MaxPool2D(2) Layer pool1;
  @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv2;
  @MaxPool2D(2) Layer pool2;
  @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv3;
  @Dense(units = 64, activation = RELU) Layer dense1;   // flattens 64x3x3 = 576
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
