package dev.fovea.processor.testing;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.network;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.op.ChannelPoolingKind;
import dev.fovea.processor.op.DepthwiseKind;
import dev.fovea.processor.op.FixedConv2DKind;
import dev.fovea.processor.op.GaussianPoolingKind;
import dev.fovea.processor.op.LocalResponseNormKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link NetworkCases} rows for the catalogue's kinds (issue 9): local response norm, pooling across channels,
 * Gaussian-weighted pooling, fixed kernels. Each layer under test sits between a convolution and a dense layer, so
 * the gradient checks see its input gradient through the convolution's parameters.
 */
public final class KindCases {
  private KindCases() {}

  public static Stream<Arguments> all() {
    return Stream.of(
        Arguments.of("local response norm, size 3 over 5 channels (windows clipped at both ends)",
            network(input(2, 4, 5), conv("a", 5, 3, TANH), new LocalResponseNormKind.Spec("lrn", 3, 0.9, 0.75, 2),
                dense("fc", 3, LINEAR))),
        Arguments.of("local response norm, even size 4 (one channel more below than above), then conv",
            network(input(1, 5, 5), conv("a", 4, 2, RELU), new LocalResponseNormKind.Spec("lrn", 4, 1.5, 0.6, 1),
                conv("b", 2, 2, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("local response norm, size past the channels, reading the input", network(input(3, 3, 4),
            new LocalResponseNormKind.Spec("lrn", 7, 2, 1.2, 0.5), conv("a", 2, 2, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("channel max pooling, maxout (window 2 = strides) over 6 channels", network(input(2, 4, 4),
            conv("a", 6, 3, TANH), new ChannelPoolingKind.Spec("maxout", true, 2, 2), dense("fc", 3, LINEAR))),
        Arguments.of("channel max pooling, window 3, strides 2 (overlapping), then conv", network(input(1, 5, 4),
            conv("a", 7, 2, LINEAR), new ChannelPoolingKind.Spec("pool", true, 3, 2), conv("b", 2, 2, TANH),
            dense("fc", 2, LINEAR))),
        Arguments.of("channel average pooling, window 2, strides 3 (a channel skipped)", network(input(2, 3, 4),
            conv("a", 5, 2, TANH), new ChannelPoolingKind.Spec("pool", false, 2, 3), dense("fc", 2, LINEAR))),
        Arguments.of("channel average pooling of the input, window 3, strides 1", network(input(4, 3, 3),
            new ChannelPoolingKind.Spec("pool", false, 3, 1), conv("a", 2, 2, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("Gaussian pooling 3x3, sigma 1, strides 2", network(input(1, 7, 7),
            conv("a", 2, 1, TANH), new GaussianPoolingKind.Spec("pool", 3, 3, 2, 2, 1), dense("fc", 2, LINEAR))),
        Arguments.of("Gaussian pooling 2x3 (even height: centre between rows), sigma 0.7, strides 1x2",
            network(input(2, 5, 7), conv("a", 3, 1, SIGMOID), new GaussianPoolingKind.Spec("pool", 2, 3, 1, 2, 0.7),
                dense("fc", 2, LINEAR))),
        Arguments.of("fixed Sobel x, padding 1, then Sobel y at strides 2", network(input(2, 6, 6),
            conv("a", 2, 1, TANH), fixed("sx", FixedKernel.SOBEL_X, 3, 3, 1, PaddingSpec.explicit(1, 1, 1, 1)),
            new FixedConv2DKind.Spec("sy", FixedKernel.SOBEL_Y, 3, 3, 0, List.of(), 2, 2, PaddingSpec.VALID),
            dense("fc", 2, LINEAR))),
        Arguments.of("fixed box blur 3x2, SAME; Gaussian blur 5x5 sigma 1.5", network(input(1, 6, 7),
            conv("a", 2, 1, TANH), fixed("box", FixedKernel.BOX, 3, 2, 1, PaddingSpec.SAME),
            new FixedConv2DKind.Spec("blur", FixedKernel.GAUSSIAN, 5, 5, 1.5, List.of(), 1, 1,
                PaddingSpec.explicit(2, 2, 2, 2)), dense("fc", 2, LINEAR))),
        Arguments.of("fixed identity 3x3 and given constants 2x2 at strides 1x2", network(input(2, 5, 6),
            conv("a", 2, 1, SIGMOID), fixed("id", FixedKernel.IDENTITY, 3, 3, 1, PaddingSpec.VALID),
            new FixedConv2DKind.Spec("k", FixedKernel.CONSTANTS, 2, 2, 0, List.of(0.5, -1.0, 2.0, 0.25), 1, 2,
                PaddingSpec.VALID), dense("fc", 2, LINEAR))),
        Arguments.of("fixed box blur 1x3 reading the input (one-row kernel)", network(input(1, 4, 6),
            fixed("box", FixedKernel.BOX, 1, 3, 1, PaddingSpec.VALID), conv("a", 2, 2, TANH),
            dense("fc", 2, LINEAR))),
        Arguments.of("depthwise 3x3, multiplier 2, padding 1, relu", network(input(2, 5, 5),
            conv("a", 3, 1, TANH), depthwise("dw", 0, 2, 3, 3, 1, PaddingSpec.explicit(1, 1, 1, 1), true, RELU),
            dense("fc", 2, LINEAR))),
        Arguments.of("depthwise 2x3 at strides 2x1, SAME, no bias, reading the input, then conv",
            network(input(3, 6, 5), depthwise("dw", 0, 1, 2, 3, 2, PaddingSpec.SAME, false, TANH),
                conv("a", 2, 2, SIGMOID), dense("fc", 2, LINEAR))),
        Arguments.of("separable 3x3 to 4 filters, multiplier 1, SAME, relu (Xception's)", network(input(2, 5, 6),
            conv("a", 3, 1, TANH), depthwise("sep", 4, 1, 3, 3, 1, PaddingSpec.SAME, true, RELU),
            dense("fc", 2, LINEAR))),
        Arguments.of("separable 2x2 to 3 filters, multiplier 2, strides 2, no bias, sigmoid", network(input(2, 7, 7),
            conv("a", 2, 1, TANH), depthwise("sep", 3, 2, 2, 2, 2, PaddingSpec.VALID, false, SIGMOID),
            dense("fc", 2, LINEAR))),
        Arguments.of("separable 3x2 to 3 filters, multiplier 2, VALID at stride 1 (planes into dLoss/dInput)",
            network(input(2, 6, 7), conv("a", 2, 1, TANH),
                depthwise("sep", 3, 2, 3, 2, 1, PaddingSpec.VALID, true, SIGMOID), dense("fc", 2, LINEAR))),
        Arguments.of("depthwise 8x8 at stride 1, SAME (past the unrolled taps: loops over them)",
            network(input(2, 9, 10), conv("a", 2, 1, TANH),
                depthwise("dw", 0, 1, 8, 8, 1, PaddingSpec.SAME, true, TANH), dense("fc", 2, LINEAR))));
  }

  /** A depthwise (filters 0) or separable convolution with equal strides. */
  static DepthwiseKind.Spec depthwise(String name, int filters, int multiplier, int kh, int kw, int strides,
      PaddingSpec padding, boolean bias, Activation activation) {
    return new DepthwiseKind.Spec(name, filters, multiplier, kh, kw, strides, strides, padding, bias, activation);
  }

  /** A fixed kernel without sigma or constants, at equal strides. */
  static FixedConv2DKind.Spec fixed(String name, FixedKernel kernel, int kh, int kw, int strides,
      PaddingSpec padding) {
    return new FixedConv2DKind.Spec(name, kernel, kh, kw, 0, List.of(), strides, strides, padding);
  }
}
