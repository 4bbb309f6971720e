package dev.fovea.report;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Activation.TANH;

import dev.fovea.annotations.Activate;
import dev.fovea.annotations.Add;
import dev.fovea.annotations.Concat;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.GlobalMaxPool2D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.Network;

/** A network with shortcuts and every graph layer kind, so that the report's trace must follow each layer's inputs. */
@Network(input = @Input(channels = 2, height = 9, width = 9))
public class BranchyNet {
  @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer a;
  @Conv2D(filters = 4, kernel = 3, padding = 1) Layer b;
  @Conv2D(filters = 4, kernel = 1, from = "input") Layer shortcut;   // reads the input, not b
  @Add(from = {"b", "shortcut"}, activation = RELU) Layer sum;
  @Concat(from = {"sum", "a"}) Layer both;
  @Activate(TANH) Layer squash;
  @Conv2D(filters = 3, kernel = 3, strides = 2) Layer c;
  @GlobalMaxPool2D Layer pool;
  @Dense(units = 5, activation = SOFTMAX) Layer output;
}
