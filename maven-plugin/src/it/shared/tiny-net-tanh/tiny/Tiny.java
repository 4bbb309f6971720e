package tiny;

import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.annotations.Activation.SOFTMAX;

import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool2D;
import dev.fovea.annotations.Network;

/** Tiny with another activation: the same shapes, so weights trained for Tiny load but mean something else. */
@Network(input = @Input(channels = 1, height = 8, width = 8), labels = {"horizontal", "vertical", "diagonal"})
public class Tiny {
  @Conv2D(filters = 4, kernel = 3, activation = TANH) Layer conv;
  @MaxPool2D(2) Layer pool;
  @Dense(units = 3, activation = SOFTMAX) Layer out;
}
