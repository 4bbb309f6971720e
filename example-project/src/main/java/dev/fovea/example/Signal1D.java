package dev.fovea.example;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Padding.SAME;

import dev.fovea.annotations.Conv1D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.GlobalAvgPool1D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.MaxPool1D;
import dev.fovea.annotations.Network;

/**
 * A small 1-D convolutional network for {@link Waveforms}' signals: three convolutions with pooling, then the mean
 * of each channel over time, so a pattern counts wherever in the window it appears.
 */
@Network(input = @Input(channels = 1, length = 128),
    labels = {"sine", "square", "sawtooth", "triangle", "chirp"})
public class Signal1D {
  @Conv1D(filters = 16, kernel = 7, padding = SAME, activation = RELU) Layer conv1;   // [16, 128]
  @MaxPool1D(2) Layer pool1;                                                          // [16, 64]
  @Conv1D(filters = 32, kernel = 5, padding = SAME, activation = RELU) Layer conv2;   // [32, 64]
  @MaxPool1D(2) Layer pool2;                                                          // [32, 32]
  @Conv1D(filters = 32, kernel = 3, padding = SAME, activation = RELU) Layer conv3;   // [32, 32]
  @GlobalAvgPool1D Layer gap;                                                         // [32]
  @Dense(units = 5, activation = SOFTMAX) Layer output;
}
