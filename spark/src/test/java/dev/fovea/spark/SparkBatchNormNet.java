package dev.fovea.spark;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.BatchNorm2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/**
 * A network with two batch norms, hence three training stages: the middle one exercises a statistics reduction in
 * each direction that neither the first nor the last stage has.
 */
@Network(input = @Input(channels = 1, height = 28, width = 28))
public class SparkBatchNormNet {
  @Conv2D(filters = 4, kernel = 5, strides = 2) Layer c1;
  @BatchNorm2D(activation = RELU) Layer bn1;
  @MaxPool2D(2) Layer s2;
  @Conv2D(filters = 4, kernel = 3) Layer c3;
  @BatchNorm2D(activation = RELU) Layer bn2;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
