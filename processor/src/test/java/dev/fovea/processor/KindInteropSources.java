package dev.fovea.processor;

import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The Fovea declarations of make_graph_fixtures.py's cases for issue 9's kinds (local response norm, pooling across
 * channels, Gaussian pooling, fixed kernels, depthwise and separable convolutions,
 * the one-dimensional kinds), which {@link GraphInteropTest} compares with PyTorch.
 */
final class KindInteropSources {
  private KindInteropSources() {}

  static final String LRN = """
      @Network(input = @Input(channels = 3, height = 8, width = 8))
      class Lrn {
        @Conv2D(filters = 6, kernel = 3, padding = 1, activation = RELU) Layer conv1;
        @LocalResponseNorm(size = 5, alpha = 1, beta = 0.75, k = 2) Layer lrn1;
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = TANH) Layer conv2;
        @LocalResponseNorm(size = 4, alpha = 2, beta = 0.5, k = 1) Layer lrn2;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  static final String CHANNEL_POOL = """
      @Network(input = @Input(channels = 2, height = 6, width = 6))
      class ChannelPool {
        @Conv2D(filters = 8, kernel = 3, padding = 1) Layer conv1;
        @ChannelMaxPool(2) Layer maxout;
        @Conv2D(filters = 6, kernel = 3, padding = 1, activation = TANH) Layer conv2;
        @ChannelAvgPool(value = 3, strides = 1) Layer avg;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  static final String GAUSSIAN_POOL = """
      @Network(input = @Input(channels = 2, height = 9, width = 9))
      class GaussianPool {
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer conv1;
        @GaussianPool2D(value = 3, strides = 2, sigma = 1) Layer pool1;
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = TANH) Layer conv2;
        @GaussianPool2D(value = {2, 3}, strides = 1, sigma = 0.8) Layer pool2;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  static final String FIXED_KERNELS = """
      @Network(input = @Input(channels = 1, height = 8, width = 8))
      class FixedKernels {
        @FixedConv2D(value = FixedKernel.SOBEL_X, padding = 1) Layer sobel;
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer conv1;
        @FixedConv2D(value = FixedKernel.GAUSSIAN, size = 5, sigma = 1.5, padding = SAME) Layer blur;
        @FixedConv2D(value = FixedKernel.BOX, strides = 2) Layer box;
        @FixedConv2D(value = FixedKernel.CONSTANTS, size = {1, 2}, weights = {0.5, -1.5}) Layer given;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  static final String DEPTHWISE = """
      @Network(input = @Input(channels = 3, height = 8, width = 8))
      class Depthwise {
        @DepthwiseConv2D(kernel = 3, padding = 1, depthMultiplier = 2, activation = RELU) Layer dw;
        @SeparableConv2D(filters = 5, kernel = 3, strides = 2, padding = SAME, activation = TANH) Layer sep;
        @SeparableConv2D(filters = 4, kernel = {1, 2}, depthMultiplier = 2, bias = false) Layer sep2;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  /** A sequence through every one-dimensional kind: padding on both ends and uneven, strides, ceil mode. */
  static final String SEQUENCE_1D = """
      @Network(input = @Input(channels = 2, length = 20))
      class Sequence1d {
        @Conv1D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer conv1;
        @MaxPool1D(value = 3, strides = 2, padding = 1) Layer pool1;
        @Conv1D(filters = 6, kernel = 4, strides = 2, padding = {2, 1}, activation = TANH) Layer conv2;
        @AvgPool1D(value = 2, strides = 1, padding = 1, ceil = true) Layer pool2;
        @Conv1D(filters = 5, kernel = 3, padding = SAME, bias = false) Layer conv3;
        @GlobalAvgPool1D Layer gap;
        @GlobalMaxPool1D(from = "conv3") Layer gmp;
        @Concat(from = {"gap", "gmp"}) Layer both;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  /** fixture, network class, source, backend. */
  static List<Arguments> cases(String backend) {
    return List.of(Arguments.of("lrn", "Lrn", LRN, backend),
        Arguments.of("channel_pool", "ChannelPool", CHANNEL_POOL, backend),
        Arguments.of("gaussian_pool", "GaussianPool", GAUSSIAN_POOL, backend),
        Arguments.of("fixed_kernels", "FixedKernels", FIXED_KERNELS, backend),
        Arguments.of("depthwise", "Depthwise", DEPTHWISE, backend),
        Arguments.of("sequence_1d", "Sequence1d", SEQUENCE_1D, backend));
  }
}
