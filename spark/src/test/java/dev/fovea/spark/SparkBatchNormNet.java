package dev.fovea.spark;

import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.BatchNorm2D;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;

/** A network with batch normalisation, which Spark training refuses by name (not supported yet). */
@Network(input = @Input(channels = 1, height = 28, width = 28))
public class SparkBatchNormNet {
  @Conv2D(filters = 2, kernel = 5, strides = 4) Layer c1;
  @BatchNorm2D Layer bn;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
