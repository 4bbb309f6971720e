package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;

import dev.fovea.annotations.*;

/**
 * VGG11 (Simonyan and Zisserman 2014, configuration A) as torchvision's vgg11() builds it: 132,863,336 parameters
 * named as in its state_dict. Its AdaptiveAvgPool2d((7, 7)) is the identity at 224x224 and left out.
 */
@Network(input = @Input(channels = 3, height = 224, width = 224))
public class Vgg11 {
  @Conv2D(filters = 64, kernel = 3, padding = 1, activation = RELU, name = "features.0") Layer conv1;
  @MaxPool2D(value = 2, name = "features.2") Layer pool1;                                // [64, 112, 112]
  @Conv2D(filters = 128, kernel = 3, padding = 1, activation = RELU, name = "features.3") Layer conv2;
  @MaxPool2D(value = 2, name = "features.5") Layer pool2;                                // [128, 56, 56]
  @Conv2D(filters = 256, kernel = 3, padding = 1, activation = RELU, name = "features.6") Layer conv3;
  @Conv2D(filters = 256, kernel = 3, padding = 1, activation = RELU, name = "features.8") Layer conv4;
  @MaxPool2D(value = 2, name = "features.10") Layer pool3;                               // [256, 28, 28]
  @Conv2D(filters = 512, kernel = 3, padding = 1, activation = RELU, name = "features.11") Layer conv5;
  @Conv2D(filters = 512, kernel = 3, padding = 1, activation = RELU, name = "features.13") Layer conv6;
  @MaxPool2D(value = 2, name = "features.15") Layer pool4;                               // [512, 14, 14]
  @Conv2D(filters = 512, kernel = 3, padding = 1, activation = RELU, name = "features.16") Layer conv7;
  @Conv2D(filters = 512, kernel = 3, padding = 1, activation = RELU, name = "features.18") Layer conv8;
  @MaxPool2D(value = 2, name = "features.20") Layer pool5;                               // [512, 7, 7]
  @Dense(units = 4096, activation = RELU, name = "classifier.0") Layer fc1;              // 25,088 in
  @Dropout(name = "classifier.2") Layer drop1;
  @Dense(units = 4096, activation = RELU, name = "classifier.3") Layer fc2;
  @Dropout(name = "classifier.5") Layer drop2;
  @Dense(units = 1000, activation = SOFTMAX, name = "classifier.6") Layer fc3;
}
