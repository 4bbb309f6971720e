package dev.fovea.processor.testing;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.concat;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.graph;
import static dev.fovea.processor.testing.Specs.network;
import static dev.fovea.processor.testing.Specs.sum;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.GlobalPoolingKind;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link NetworkCases} rows for the one-dimensional kinds (issue 9): Conv1D with each padding, strides and long
 * kernels, 1-D max and average pooling with padding and ceil mode, global pooling of a sequence, and the kinds
 * that read any shape (batch norm, Add, Concat) on sequences. The convolutions reach the loop, planar, aligned
 * and GEMM code, so every strategy a sequence can take is checked.
 */
public final class SequenceCases {
  private SequenceCases() {}

  public static Stream<Arguments> all() {
    return Stream.of(
        Arguments.of("sequence: conv1d kernel 3, 2 channels in, 3 out, relu", network(sequence(2, 9),
            conv1d("a", 3, 3, 1, PaddingSpec.VALID, RELU), conv1d("b", 2, 3, 1, PaddingSpec.VALID, LINEAR),
            dense("fc", 3, LINEAR))),
        Arguments.of("sequence: conv1d SAME at strides 2 (odd padding on the right), tanh", network(sequence(1, 11),
            conv1d("a", 2, 1, 1, PaddingSpec.VALID, TANH), conv1d("b", 3, 4, 2, PaddingSpec.SAME, TANH),
            dense("fc", 2, LINEAR))),
        Arguments.of("sequence: conv1d padding {2, 0} (causal), no bias, sigmoid", network(sequence(2, 7),
            conv1d("a", 2, 1, 1, PaddingSpec.VALID, TANH),
            Conv2DSpec.sequence("b", 3, 3, 1, PaddingSpec.explicit(0, 0, 2, 0), false, SIGMOID),
            dense("fc", 2, LINEAR))),
        Arguments.of("sequence: conv1d kernel 9 (past the unrolled kernels), padding 4", network(sequence(1, 12),
            conv1d("a", 2, 1, 1, PaddingSpec.VALID, TANH), conv1d("b", 2, 9, 1, pad(4), RELU),
            dense("fc", 2, LINEAR))),
        Arguments.of("sequence: long rows (aligned), kernel 5 SAME, 16 filters", network(sequence(1, 40),
            conv1d("a", 2, 1, 1, PaddingSpec.VALID, TANH), conv1d("b", 16, 5, 1, PaddingSpec.SAME, RELU),
            dense("fc", 2, LINEAR))),
        Arguments.of("sequence: first layer, many cells, few taps, strides 3 (a cell skipped)",
            network(sequence(1, 50), conv1d("a", 4, 2, 3, PaddingSpec.VALID, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("sequence: max pooling 2, average pooling 3 at strides 2", network(sequence(2, 14),
            conv1d("a", 3, 3, 1, PaddingSpec.VALID, TANH), pool("mp", PoolKind.MAX, 2, 2, 0, false),
            conv1d("b", 2, 1, 1, PaddingSpec.VALID, SIGMOID), pool("ap", PoolKind.AVERAGE, 3, 2, 0, false),
            dense("fc", 2, LINEAR))),
        Arguments.of("sequence: max pooling 3, strides 2, padding 1; average pooling 3, padding 1, ceil",
            network(sequence(2, 12), conv1d("a", 2, 1, 1, PaddingSpec.VALID, TANH),
                pool("mp", PoolKind.MAX, 3, 2, 1, false), pool("ap", PoolKind.AVERAGE, 3, 2, 1, true),
                dense("fc", 2, LINEAR))),
        Arguments.of("sequence: global average and global max pooling joined, then dense", graph(sequence(2, 10))
            .add(conv1d("a", 3, 3, 1, pad(1), TANH))
            .add(new GlobalPoolingKind.Spec("gap", false, true))
            .add(new GlobalPoolingKind.Spec("gmp", true, true), "a")
            .add(concat("both"), "gap", "gmp")
            .add(dense("fc", 2, SOFTMAX)).build()),
        Arguments.of("sequence: batch norm, a residual Add and a channel Concat of sequences",
            graph(sequence(2, 8))
                .add(conv1d("stem", 3, 3, 1, pad(1), TANH))
                .add(conv1d("conv", 3, 3, 1, pad(1), LINEAR))
                .add(new BatchNormKind.Spec("bn", 1e-5, 0.1, LINEAR))
                .add(sum("add", SIGMOID), "bn", "stem")
                .add(concat("cat"), "add", "stem")
                .add(dense("fc", 2, LINEAR)).build()));
  }

  public static Shape sequence(int channels, int length) {
    return Shape.sequence(channels, length);
  }

  static PaddingSpec pad(int both) {
    return PaddingSpec.explicit(0, 0, both, both);
  }

  public static Conv2DSpec conv1d(String name, int filters, int kernel, int strides, PaddingSpec padding,
      Activation activation) {
    return Conv2DSpec.sequence(name, filters, kernel, strides, padding, true, activation);
  }

  static Pool2DSpec pool(String name, PoolKind kind, int window, int strides, int padding, boolean ceil) {
    return Pool2DSpec.sequence(name, kind, window, strides, padding, ceil);
  }
}
