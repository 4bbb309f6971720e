package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;

import dev.fovea.annotations.*;

/**
 * AlexNet (Krizhevsky et al. 2012) as the course's table gives it: one tower (the paper's two-GPU groups left out),
 * normalisation after the first two poolings, 62,378,344 parameters.
 *
 * <p>The table says 224x224 inputs, but an 11x11 kernel at stride 4 without padding gives (224 - 11) / 4 + 1 =
 * 54.25 there, not its 55: the table's own map sizes only hold for 227x227, (227 - 11) / 4 + 1 = 55, so the input
 * is 227x227 and every map below is the table's.
 */
@Network(input = @Input(channels = 3, height = 227, width = 227))
public class AlexNet {
  @Conv2D(filters = 96, kernel = 11, strides = 4, activation = RELU) Layer conv1;        // [96, 55, 55]
  @MaxPool2D(value = 3, strides = 2) Layer pool1;                                        // [96, 27, 27]
  // The paper's k = 2, n = 5, alpha = 1e-4, beta = 0.75 sums alpha * x^2 over the 5 channels; PyTorch's
  // LocalResponseNorm divides alpha by the size, so its alpha is 5 x 1e-4.
  @LocalResponseNorm(size = 5, alpha = 5e-4, beta = 0.75, k = 2) Layer norm1;           // [96, 27, 27]
  @Conv2D(filters = 256, kernel = 5, padding = 2, activation = RELU) Layer conv2;        // [256, 27, 27]
  @MaxPool2D(value = 3, strides = 2) Layer pool2;                                        // [256, 13, 13]
  @LocalResponseNorm(size = 5, alpha = 5e-4, beta = 0.75, k = 2) Layer norm2;           // [256, 13, 13]
  @Conv2D(filters = 384, kernel = 3, padding = 1, activation = RELU) Layer conv3;        // [384, 13, 13]
  @Conv2D(filters = 384, kernel = 3, padding = 1, activation = RELU) Layer conv4;        // [384, 13, 13]
  @Conv2D(filters = 256, kernel = 3, padding = 1, activation = RELU) Layer conv5;        // [256, 13, 13]
  @MaxPool2D(value = 3, strides = 2) Layer pool3;                                        // [256, 6, 6]
  @Dense(units = 4096, activation = RELU) Layer fc6;                                     // 9,216 in
  @Dropout Layer drop6;
  @Dense(units = 4096, activation = RELU) Layer fc7;
  @Dropout Layer drop7;
  @Dense(units = 1000, activation = SOFTMAX) Layer fc8;
}
