package dev.fovea.example.zoo;

import static dev.fovea.annotations.Activation.*;
import static dev.fovea.annotations.Block.*;

import dev.fovea.annotations.*;

/** GoogLeNet (Szegedy et al. 2014) as torchvision builds it, without the auxiliary heads. */
@Network(input = @Input(channels = 3, height = 224, width = 224))
public class GoogLeNet {
  @Use(value = BasicConv2d.class, args = {64, 7, 2, 3}) Layer conv1;
  @MaxPool2D(value = 3, strides = 2, ceil = true) Layer maxpool1;
  @Use(value = BasicConv2d.class, args = {64, 1, 1, 0}) Layer conv2;
  @Use(value = BasicConv2d.class, args = {192, 3, 1, 1}) Layer conv3;
  @MaxPool2D(value = 3, strides = 2, ceil = true) Layer maxpool2;
  @Use(value = Inception.class, args = {64, 96, 128, 16, 32, 32}) Layer inception3a;
  @Use(value = Inception.class, args = {128, 128, 192, 32, 96, 64}) Layer inception3b;
  @MaxPool2D(value = 3, strides = 2, ceil = true) Layer maxpool3;
  @Use(value = Inception.class, args = {192, 96, 208, 16, 48, 64}) Layer inception4a;
  @Use(value = Inception.class, args = {160, 112, 224, 24, 64, 64}) Layer inception4b;
  @Use(value = Inception.class, args = {128, 128, 256, 24, 64, 64}) Layer inception4c;
  @Use(value = Inception.class, args = {112, 144, 288, 32, 64, 64}) Layer inception4d;
  @Use(value = Inception.class, args = {256, 160, 320, 32, 128, 128}) Layer inception4e;
  @MaxPool2D(value = 2, strides = 2, ceil = true) Layer maxpool4;
  @Use(value = Inception.class, args = {256, 160, 320, 32, 128, 128}) Layer inception5a;
  @Use(value = Inception.class, args = {384, 192, 384, 48, 128, 128}) Layer inception5b;
  @GlobalAvgPool2D Layer avgpool;
  @Dense(units = 1000, activation = SOFTMAX) Layer fc;

  /** torchvision's BasicConv2d: a convolution without bias, batch norm (eps 0.001), ReLU. */
  @Block(args = {"filters", "kernel", "strides", "padding"})
  static class BasicConv2d {
    @Conv2D(filters = ARG1, kernel = ARG2, strides = ARG3, padding = ARG4, bias = false) Layer conv;
    @BatchNorm2D(eps = 0.001, activation = RELU) Layer bn;
  }

  /** Four branches joined along the channels: 1x1; 1x1 then 3x3; 1x1 then 3x3 (torchvision's); pool then 1x1. */
  @Block(args = {"ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "poolProj"})
  static class Inception {
    @Use(value = BasicConv2d.class, args = {ARG1, 1, 1, 0}, name = "branch1") Layer branch1;
    @Use(value = BasicConv2d.class, args = {ARG2, 1, 1, 0}, name = "branch2.0", from = "input") Layer branch20;
    @Use(value = BasicConv2d.class, args = {ARG3, 3, 1, 1}, name = "branch2.1") Layer branch21;
    @Use(value = BasicConv2d.class, args = {ARG4, 1, 1, 0}, name = "branch3.0", from = "input") Layer branch30;
    @Use(value = BasicConv2d.class, args = {ARG5, 3, 1, 1}, name = "branch3.1") Layer branch31;
    @MaxPool2D(value = 3, strides = 1, padding = 1, ceil = true, name = "branch4.0", from = "input") Layer pool;
    @Use(value = BasicConv2d.class, args = {ARG6, 1, 1, 0}, name = "branch4.1") Layer branch41;
    @Concat(from = {"branch1", "branch2.1", "branch3.1", "branch4.1"}) Layer cat;
  }
}
