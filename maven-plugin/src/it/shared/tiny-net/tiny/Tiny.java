package tiny;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** A network small enough to train in a second: which way does the stroke in an 8x8 image run? */
@Network(input = @Input(channels = 1, height = 8, width = 8), labels = {"horizontal", "vertical", "diagonal"})
public class Tiny {
  @Conv2D(filters = 4, kernel = 3, activation = RELU) Layer conv;
  @MaxPool2D(2) Layer pool;
  @Dense(units = 3, activation = SOFTMAX) Layer out;
}
