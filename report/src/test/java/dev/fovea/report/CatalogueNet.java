package dev.fovea.report;

import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Activation.TANH;

import dev.fovea.annotations.ChannelAvgPool;
import dev.fovea.annotations.ChannelMaxPool;
import dev.fovea.annotations.Conv2D;
import dev.fovea.annotations.Dense;
import dev.fovea.annotations.DepthwiseConv2D;
import dev.fovea.annotations.FixedConv2D;
import dev.fovea.annotations.FixedKernel;
import dev.fovea.annotations.GaussianPool2D;
import dev.fovea.annotations.Input;
import dev.fovea.annotations.Layer;
import dev.fovea.annotations.LocalResponseNorm;
import dev.fovea.annotations.Network;
import dev.fovea.annotations.Padding;
import dev.fovea.annotations.SeparableConv2D;

/** A network with every kind of issue 9, so that the report's trace must recompute each of them. */
@Network(input = @Input(channels = 2, height = 10, width = 10))
public class CatalogueNet {
  @FixedConv2D(value = FixedKernel.SOBEL_X, padding = 1) Layer sobel;
  @Conv2D(filters = 6, kernel = 3, padding = 1, activation = RELU) Layer a;
  @LocalResponseNorm(size = 3, alpha = 0.5, beta = 0.75, k = 1) Layer lrn;
  @ChannelMaxPool(2) Layer maxout;
  @FixedConv2D(value = FixedKernel.GAUSSIAN, size = 3, sigma = 0.8, padding = Padding.SAME) Layer blur;
  @Conv2D(filters = 4, kernel = 3, activation = TANH) Layer b;
  @ChannelAvgPool(value = 2, strides = 1) Layer avg;
  @GaussianPool2D(value = 2, sigma = 0.6) Layer pool;
  @FixedConv2D(value = FixedKernel.BOX, size = {2, 1}) Layer box;
  @DepthwiseConv2D(kernel = 2, depthMultiplier = 2, padding = 1, activation = RELU) Layer dw;
  @SeparableConv2D(filters = 3, kernel = 3, padding = Padding.SAME, activation = TANH) Layer sep;
  @Dense(units = 5, activation = SOFTMAX) Layer output;
}
