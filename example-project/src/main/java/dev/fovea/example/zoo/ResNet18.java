package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;

import dev.fovea.annotations.*;
import dev.fovea.example.zoo.ResNetBlocks.Basic;
import dev.fovea.example.zoo.ResNetBlocks.Down;

/** ResNet-18 (He et al. 2015) as torchvision builds it: parameter and buffer names match its state_dict. */
@Network(input = @Input(channels = 3, height = 224, width = 224))
public class ResNet18 {
  @Conv2D(filters = 64, kernel = 7, strides = 2, padding = 3, bias = false) Layer conv1;
  @BatchNorm2D(activation = RELU) Layer bn1;
  @MaxPool2D(value = 3, strides = 2, padding = 1) Layer maxpool;                         // [64, 56, 56]
  @Use(value = Basic.class, args = 64, name = "layer1.0") Layer layer1_0;
  @Use(value = Basic.class, args = 64, name = "layer1.1") Layer layer1_1;
  @Use(value = Down.class, args = 128, name = "layer2.0") Layer layer2_0;                // [128, 28, 28]
  @Use(value = Basic.class, args = 128, name = "layer2.1") Layer layer2_1;
  @Use(value = Down.class, args = 256, name = "layer3.0") Layer layer3_0;                // [256, 14, 14]
  @Use(value = Basic.class, args = 256, name = "layer3.1") Layer layer3_1;
  @Use(value = Down.class, args = 512, name = "layer4.0") Layer layer4_0;                // [512, 7, 7]
  @Use(value = Basic.class, args = 512, name = "layer4.1") Layer layer4_1;
  @GlobalAvgPool2D Layer avgpool;
  @Dense(units = 1000, activation = SOFTMAX) Layer fc;
}
