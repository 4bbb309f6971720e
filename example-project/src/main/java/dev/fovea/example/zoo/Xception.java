package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;
import static dev.fovea.annotations.Padding.*;

import dev.fovea.annotations.*;

/**
 * Xception (Chollet 2017) as Keras' {@code keras.applications.Xception} builds it, with its layer names: the entry
 * flow (blocks 1-4), the middle flow (one block used eight times) and the exit flow; convolutions without bias, each
 * followed by a batch norm (Keras' epsilon 0.001 and momentum 0.99, which is PyTorch's 0.01). 22,855,952 trainable
 * parameters; with the 54,528 running means and variances, Keras' 22,910,480.
 *
 * <p>Keras' "same" max pooling pads the odd cell at the bottom and right: on 147 and 37 and 19 rows that is one
 * row each side ({@code padding = 1}), on 74 rows none above and one below, which is {@code ceil = true}.
 */
@Network(input = @Input(channels = 3, height = 299, width = 299))
public class Xception {
  // Entry flow.
  @Conv2D(filters = 32, kernel = 3, strides = 2, bias = false) Layer block1_conv1;            // [32, 149, 149]
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block1_conv1_bn;
  @Conv2D(filters = 64, kernel = 3, bias = false) Layer block1_conv2;                         // [64, 147, 147]
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block1_conv2_bn;

  @SeparableConv2D(filters = 128, kernel = 3, padding = SAME, bias = false) Layer block2_sepconv1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block2_sepconv1_bn;
  @SeparableConv2D(filters = 128, kernel = 3, padding = SAME, bias = false) Layer block2_sepconv2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer block2_sepconv2_bn;
  @MaxPool2D(value = 3, strides = 2, padding = 1) Layer block2_pool;                          // [128, 74, 74]
  @Conv2D(filters = 128, kernel = 1, strides = 2, padding = SAME, bias = false, from = "block1_conv2_bn")
  Layer conv2d;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer batch_normalization;
  @Add(from = {"block2_pool", "batch_normalization"}) Layer add;

  @Activate(RELU) Layer block3_sepconv1_act;
  @SeparableConv2D(filters = 256, kernel = 3, padding = SAME, bias = false) Layer block3_sepconv1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block3_sepconv1_bn;
  @SeparableConv2D(filters = 256, kernel = 3, padding = SAME, bias = false) Layer block3_sepconv2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer block3_sepconv2_bn;
  @MaxPool2D(value = 3, strides = 2, ceil = true) Layer block3_pool;                          // [256, 37, 37]
  @Conv2D(filters = 256, kernel = 1, strides = 2, padding = SAME, bias = false, from = "add") Layer conv2d_1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer batch_normalization_1;
  @Add(from = {"block3_pool", "batch_normalization_1"}) Layer add_1;

  @Activate(RELU) Layer block4_sepconv1_act;
  @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer block4_sepconv1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block4_sepconv1_bn;
  @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer block4_sepconv2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer block4_sepconv2_bn;
  @MaxPool2D(value = 3, strides = 2, padding = 1) Layer block4_pool;                          // [728, 19, 19]
  @Conv2D(filters = 728, kernel = 1, strides = 2, padding = SAME, bias = false, from = "add_1") Layer conv2d_2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer batch_normalization_2;
  @Add(from = {"block4_pool", "batch_normalization_2"}) Layer add_2;

  // Middle flow: Keras' blocks 5 to 12.
  @Use(Middle.class) Layer block5;
  @Use(Middle.class) Layer block6;
  @Use(Middle.class) Layer block7;
  @Use(Middle.class) Layer block8;
  @Use(Middle.class) Layer block9;
  @Use(Middle.class) Layer block10;
  @Use(Middle.class) Layer block11;
  @Use(Middle.class) Layer block12;

  // Exit flow.
  @Activate(RELU) Layer block13_sepconv1_act;
  @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer block13_sepconv1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block13_sepconv1_bn;
  @SeparableConv2D(filters = 1024, kernel = 3, padding = SAME, bias = false) Layer block13_sepconv2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer block13_sepconv2_bn;
  @MaxPool2D(value = 3, strides = 2, padding = 1) Layer block13_pool;                         // [1024, 10, 10]
  @Conv2D(filters = 1024, kernel = 1, strides = 2, padding = SAME, bias = false, from = "block12")
  Layer conv2d_3;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer batch_normalization_3;
  @Add(from = {"block13_pool", "batch_normalization_3"}) Layer add_11;

  @SeparableConv2D(filters = 1536, kernel = 3, padding = SAME, bias = false) Layer block14_sepconv1;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block14_sepconv1_bn;
  @SeparableConv2D(filters = 2048, kernel = 3, padding = SAME, bias = false) Layer block14_sepconv2;
  @BatchNorm2D(eps = 1e-3, momentum = 0.01, activation = RELU) Layer block14_sepconv2_bn;
  @GlobalAvgPool2D Layer avg_pool;
  @Dense(units = 1000, activation = SOFTMAX) Layer predictions;

  /** Three ReLU, separable convolution and batch norm triples of 728 filters, and the identity shortcut. */
  @Block
  static class Middle {
    @Activate(RELU) Layer sepconv1_act;
    @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer sepconv1;
    @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer sepconv1_bn;
    @Activate(RELU) Layer sepconv2_act;
    @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer sepconv2;
    @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer sepconv2_bn;
    @Activate(RELU) Layer sepconv3_act;
    @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, bias = false) Layer sepconv3;
    @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer sepconv3_bn;
    @Add(from = {"sepconv3_bn", "input"}) Layer add;
  }
}
