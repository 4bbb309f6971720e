package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;

import dev.fovea.annotations.*;

/**
 * AlexNet as torchvision builds it (after "One weird trick", Krizhevsky 2014): 64-192-384-256-256 filters, no
 * normalisation, 61,100,840 parameters named as in its state_dict ({@code features.0.weight} ...).
 * torchvision's AdaptiveAvgPool2d((6, 6)) is left out: at 224x224 the features are 6x6 already, so it is the
 * identity.
 */
@Network(input = @Input(channels = 3, height = 224, width = 224))
public class AlexNetTorch {
  @Conv2D(filters = 64, kernel = 11, strides = 4, padding = 2, activation = RELU, name = "features.0")
  Layer conv1;                                                                           // [64, 55, 55]
  @MaxPool2D(value = 3, strides = 2, name = "features.2") Layer pool1;                   // [64, 27, 27]
  @Conv2D(filters = 192, kernel = 5, padding = 2, activation = RELU, name = "features.3") Layer conv2;
  @MaxPool2D(value = 3, strides = 2, name = "features.5") Layer pool2;                   // [192, 13, 13]
  @Conv2D(filters = 384, kernel = 3, padding = 1, activation = RELU, name = "features.6") Layer conv3;
  @Conv2D(filters = 256, kernel = 3, padding = 1, activation = RELU, name = "features.8") Layer conv4;
  @Conv2D(filters = 256, kernel = 3, padding = 1, activation = RELU, name = "features.10") Layer conv5;
  @MaxPool2D(value = 3, strides = 2, name = "features.12") Layer pool3;                  // [256, 6, 6]
  @Dropout(name = "classifier.0") Layer drop1;
  @Dense(units = 4096, activation = RELU, name = "classifier.1") Layer fc1;              // 9,216 in
  @Dropout(name = "classifier.3") Layer drop2;
  @Dense(units = 4096, activation = RELU, name = "classifier.4") Layer fc2;
  @Dense(units = 1000, activation = SOFTMAX, name = "classifier.6") Layer fc3;
}
