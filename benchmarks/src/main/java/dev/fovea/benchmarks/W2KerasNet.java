package dev.fovea.benchmarks;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** Workload W2: the Keras MNIST convnet exactly as the PyTorch peer's {@code kerascnn()} (93,322 parameters). */
@Network(input = @Input(channels = 1, height = 28, width = 28))
public class W2KerasNet {
  @Conv2D(filters = 32, kernel = 3, activation = RELU) Layer conv1;
  @MaxPool2D(2) Layer pool1;
  @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv2;
  @MaxPool2D(2) Layer pool2;
  @Conv2D(filters = 64, kernel = 3, activation = RELU) Layer conv3;
  @Dense(units = 64, activation = RELU) Layer dense1;   // flattens 64x3x3 = 576
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
