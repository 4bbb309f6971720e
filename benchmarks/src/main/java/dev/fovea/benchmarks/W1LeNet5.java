package dev.fovea.benchmarks;

import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.AvgPool2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;

/** Workload W1: LeNet-5 exactly as the PyTorch peer's {@code lenet5()} (61,706 parameters). */
@Network(input = @Input(channels = 1, height = 28, width = 28))
public class W1LeNet5 {
  @Conv2D(filters = 6, kernel = 5, padding = 2, activation = SIGMOID) Layer c1;
  @AvgPool2D(2) Layer s2;
  @Conv2D(filters = 16, kernel = 5, activation = SIGMOID) Layer c3;
  @AvgPool2D(2) Layer s4;
  @Dense(units = 120, activation = SIGMOID) Layer f5;   // flattens 16x5x5 = 400
  @Dense(units = 84, activation = SIGMOID) Layer f6;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
