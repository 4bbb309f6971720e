package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.assertOnlyError;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic of issue 9's kinds (local response norm, pooling across channels, Gaussian pooling,
 * fixed kernels): the text from {@link Messages} and the line of the annotation at fault.
 */
class DiagnosticsKindsTest {

  /** Compiles {@code layer} after a 4-channel 8x8 convolution and before a softmax layer. */
  private static JavaFileObject network(String name, String layer) {
    return source(name, """
        @Network(input = @Input(channels = 2, height = 8, width = 8))
        class %s {
          @Conv2D(filters = 4, kernel = 1) Layer conv;
          %s Layer tested;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """.formatted(name, layer));
  }

  private static void assertOneError(String name, String layer, String message) {
    assertOnlyError(network(name, layer), layer, message);
  }

  @Test
  void everyNewKindCompilesWithoutWarnings() {
    for (String layer : new String[] {"@LocalResponseNorm(size = 5)", "@ChannelMaxPool(2)",
        "@ChannelAvgPool(value = 3, strides = 1)", "@GaussianPool2D(value = 3, strides = 1, sigma = 0.5)",
        "@FixedConv2D(value = FixedKernel.SOBEL_Y, padding = 1)", "@FixedConv2D(value = FixedKernel.BOX, size = 8)",
        "@FixedConv2D(value = FixedKernel.CONSTANTS, size = {1, 2}, weights = {1, -1})",
        "@DepthwiseConv2D(kernel = 3, depthMultiplier = 2, padding = SAME)",
        "@SeparableConv2D(filters = 8, kernel = 3, strides = 2, padding = SAME, activation = RELU)"}) {
      Compilation compilation = compileAnnotated(network("Valid", layer));
      assertThat(compilation).succeededWithoutWarnings();
    }
  }

  @Test
  void localResponseNormSizeMustBePositive() {
    assertOneError("LrnSize", "@LocalResponseNorm(size = 0)", String.format(Messages.NON_POSITIVE, "size", 0));
  }

  @Test
  void localResponseNormAlphaMustNotBeNegative() {
    assertOneError("LrnAlpha", "@LocalResponseNorm(size = 3, alpha = -0.5)", String.format(Messages.LRN_ALPHA, -0.5));
  }

  @Test
  void localResponseNormKMustBePositive() {
    assertOneError("LrnK", "@LocalResponseNorm(size = 3, k = 0)", String.format(Messages.LRN_K, 0.0));
  }

  @Test
  void localResponseNormBetaMustBeFinite() {
    assertOneError("LrnBeta", "@LocalResponseNorm(size = 3, beta = Double.NaN)",
        String.format(Messages.NOT_FINITE, "beta", Double.NaN));
  }

  @Test
  void channelWindowLargerThanTheChannels() {
    assertOneError("ChannelWindow", "@ChannelMaxPool(5)", String.format(Messages.CHANNEL_WINDOW_TOO_LARGE, 5, 4, 4));
  }

  @Test
  void channelStridesMustNotBeNegative() {
    assertOneError("ChannelStrides", "@ChannelAvgPool(value = 2, strides = -1)",
        String.format(Messages.CHANNEL_STRIDES, -1));
  }

  @Test
  void channelStridesLargerThanTheWindowWarn() {
    JavaFileObject source = network("ChannelSkip", "@ChannelMaxPool(value = 1, strides = 2)");
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(String.format(Messages.CHANNEL_STRIDES_SKIP, 2, 1))
        .inFile(source).onLineContaining("@ChannelMaxPool(value = 1, strides = 2)");
  }

  @Test
  void gaussianPoolingSigmaMustBePositive() {
    assertOneError("PoolSigma", "@GaussianPool2D(value = 2, sigma = 0)", String.format(Messages.SIGMA, 0.0));
  }

  @Test
  void gaussianPoolingWindowAtMost1024Weights() {
    assertOneError("PoolHuge", "@GaussianPool2D({33, 32})",
        String.format(Messages.FIXED_TOO_LARGE, "window", 33, 32, 1056, 1024));
  }

  @Test
  void gaussianPoolingWindowLargerThanItsInput() {
    assertOneError("PoolLarge", "@GaussianPool2D(9)", String.format(Messages.WINDOW_TOO_LARGE, 9, 9, 8, 8));
  }

  @Test
  void sobelIsThreeByThree() {
    assertOneError("SobelSize", "@FixedConv2D(value = FixedKernel.SOBEL_X, size = 5)",
        String.format(Messages.SOBEL_SIZE, "SOBEL_X", 5, 5));
  }

  @Test
  void identityNeedsOddSizes() {
    assertOneError("IdentityEven", "@FixedConv2D(value = FixedKernel.IDENTITY, size = {3, 4})",
        String.format(Messages.IDENTITY_EVEN, 3, 4));
  }

  @Test
  void constantsNeedOneWeightPerCell() {
    assertOneError("ConstantsCount", "@FixedConv2D(value = FixedKernel.CONSTANTS, size = 2, weights = {1, 2, 3})",
        String.format(Messages.WEIGHTS_COUNT, 4, 3));
  }

  @Test
  void weightsOnlyForConstants() {
    assertOneError("WeightsUnused", "@FixedConv2D(value = FixedKernel.BOX, weights = {1})",
        String.format(Messages.WEIGHTS_UNUSED, "BOX"));
  }

  @Test
  void gaussianBlurSigmaMustBePositive() {
    assertOneError("BlurSigma", "@FixedConv2D(value = FixedKernel.GAUSSIAN, sigma = -1)",
        String.format(Messages.SIGMA, -1.0));
  }

  @Test
  void fixedWeightsMustBeFinite() {
    assertOneError("WeightsInfinite",
        "@FixedConv2D(value = FixedKernel.CONSTANTS, size = 1, weights = Double.POSITIVE_INFINITY)",
        String.format(Messages.NOT_FINITE, "weights", Double.POSITIVE_INFINITY));
  }

  @Test
  void fixedKernelAtMost1024WeightsButABoxOfAnySize() {
    assertOneError("BlurHuge", "@FixedConv2D(value = FixedKernel.GAUSSIAN, size = 33, padding = 40)",
        String.format(Messages.FIXED_TOO_LARGE, "GAUSSIAN", 33, 33, 1089, 1024));
    Compilation box = compileAnnotated(network("BoxHuge", "@FixedConv2D(value = FixedKernel.BOX, size = 65, "
        + "padding = 40)"));
    assertThat(box).succeededWithoutWarnings();
  }

  @Test
  void fixedKernelLargerThanItsPaddedInput() {
    assertOneError("FixedLarge", "@FixedConv2D(value = FixedKernel.BOX, size = {11, 3}, padding = 1)",
        String.format(Messages.FIXED_KERNEL_TOO_LARGE, 11, 3, 10, 10));
  }

  @Test
  void depthMultiplierMustBePositive() {
    assertOneError("Multiplier", "@DepthwiseConv2D(kernel = 3, depthMultiplier = 0)",
        String.format(Messages.NON_POSITIVE, "depthMultiplier", 0));
  }

  @Test
  void separableFiltersMustBePositive() {
    assertOneError("SeparableFilters", "@SeparableConv2D(filters = -1, kernel = 3)",
        String.format(Messages.NON_POSITIVE, "filters", -1));
  }

  @Test
  void depthwiseKernelLargerThanItsPaddedInput() {
    assertOneError("DepthwiseLarge", "@SeparableConv2D(filters = 2, kernel = {3, 11}, padding = 1)",
        String.format(Messages.KERNEL_TOO_LARGE, 3, 11, 10, 10));
  }
}
