package dev.fovea.spark;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Dropout;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** SparkTestNet with dropout before its classifier: masks keyed by (seed, epoch, sample), not by the task. */
@Network(input = @Input(channels = 1, height = 28, width = 28))
public class SparkDropoutNet {
  @Conv2D(filters = 4, kernel = 5, activation = RELU) Layer c1;
  @MaxPool2D(4) Layer s2;
  @Dropout(rate = 0.5) Layer drop;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
