package dev.fovea.processor.testing;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.avgPool;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.concat;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.graph;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.maxPool;
import static dev.fovea.processor.testing.Specs.network;
import static dev.fovea.processor.testing.Specs.sum;

import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.op.ActivateKind;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.DropoutKind;
import dev.fovea.processor.op.GlobalPoolingKind;
import dev.fovea.processor.write.Backend;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Small networks covering every layer kind and option: kernel shapes, both strides, each padding, each
 * activation, bias on and off, max and average pooling, several channels in and out. Each layer under test
 * sits after another layer, so its input gradient is exercised too.
 */
public final class NetworkCases {
  private NetworkCases() {}

  /** Every case once per backend: name, spec, backend. */
  public static Stream<Arguments> allBackends() {
    return eachBackend(all());
  }

  /** The given cases (name, spec) once per backend: name, spec, backend. */
  public static Stream<Arguments> eachBackend(Stream<Arguments> cases) {
    return cases.flatMap(c -> Stream.of(Backend.values())
        .map(b -> Arguments.of(c.get()[0] + " [" + b.name().toLowerCase() + "]", c.get()[1], b)));
  }

  public static Stream<Arguments> all() {
    return Stream.concat(Stream.concat(lines(), graphs()), Stream.concat(KindCases.all(), SequenceCases.all()));
  }

  /** Graphs: outputs read by two or more layers, Add with an identity and a projection shortcut, Concat. */
  public static Stream<Arguments> graphs() {
    PaddingSpec one = PaddingSpec.explicit(1, 1, 1, 1);
    return Stream.of(
        Arguments.of("residual block, identity shortcut (stem read by conv1 and the Add)", graph(input(2, 6, 6))
            .add(conv("stem", 3, 3, 3, 1, 1, one, true, RELU))
            .add(conv("conv1", 3, 3, 3, 1, 1, one, false, RELU))
            .add(conv("conv2", 3, 3, 3, 1, 1, one, false, LINEAR))
            .add(sum("add", RELU), "conv2", "stem")
            .add(dense("fc", 3, LINEAR)).build()),
        Arguments.of("residual block, projection shortcut with strides 2, dotted names", graph(input(2, 7, 7))
            .add(conv("stem", 2, 3, TANH))
            .add(conv("layer2.0.conv1", 4, 3, 3, 2, 2, one, true, RELU))
            .add(conv("layer2.0.conv2", 4, 3, 3, 1, 1, one, true, LINEAR))
            .add(conv("layer2.0.downsample.0", 4, 1, 1, 2, 2, PaddingSpec.VALID, false, LINEAR), "stem")
            .add(sum("layer2.0.add", SIGMOID), "layer2.0.conv2", "layer2.0.downsample.0")
            .add(dense("fc", 2, LINEAR)).build()),
        Arguments.of("Inception-style four-branch Concat, a branch straight from the input", graph(input(2, 6, 6))
            .add(conv("b1", 2, 1, RELU), "input")
            .add(conv("b2a", 2, 1, RELU), "input")
            .add(conv("b2", 3, 3, 3, 1, 1, PaddingSpec.SAME, true, RELU))
            .add(conv("b3", 2, 5, 5, 1, 1, PaddingSpec.SAME, true, TANH), "input")
            .add(new Pool2DSpec("b4pool", PoolKind.MAX, 1, 1, 1, 1), "input")
            .add(conv("b4", 1, 1, SIGMOID))
            .add(concat("cat"), "b1", "b2", "b3", "b4")
            .add(dense("fc", 3, SOFTMAX)).build()),
        Arguments.of("one output read by three layers, flat Concat, Add of the input with itself",
            graph(input(1, 4, 4))
                .add(sum("twice", LINEAR), "input", "input")
                .add(conv("a", 2, 3, TANH))
                .add(dense("d1", 3, RELU), "a")
                .add(dense("d2", 2, SIGMOID), "a")
                .add(dense("d3", 2, TANH), "a")
                .add(concat("cat"), "d1", "d2", "d3")
                .add(dense("out", 2, LINEAR)).build()));
  }

  /** Straight lines: every layer reads the one above. */
  public static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("conv 3x3, 2 channels in, 3 out, relu", network(input(2, 6, 6),
            conv("a", 3, 3, RELU), conv("b", 2, 3, LINEAR), dense("fc", 3, LINEAR))),
        Arguments.of("conv kernel 3x2, strides 2x1, tanh", network(input(1, 7, 6),
            conv("a", 2, 1, LINEAR), conv("b", 3, 3, 2, 2, 1, PaddingSpec.VALID, true, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("conv kernel 2, strides 1x2, sigmoid", network(input(2, 5, 7),
            conv("a", 2, 1, SIGMOID), conv("b", 2, 2, 2, 1, 2, PaddingSpec.VALID, true, SIGMOID), dense("fc", 2, LINEAR))),
        Arguments.of("conv SAME with strides 2 (asymmetric padding)", network(input(2, 6, 7),
            conv("a", 2, 1, TANH), conv("b", 3, 3, 3, 2, 2, PaddingSpec.SAME, true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("conv explicit padding {1, 2}, no bias", network(input(1, 4, 5),
            conv("a", 2, 1, TANH), conv("b", 2, 3, 3, 1, 1, PaddingSpec.explicit(1, 1, 2, 2), false, LINEAR),
            dense("fc", 2, LINEAR))),
        Arguments.of("conv padding {top 0, bottom 1, left 2, right 1}, even kernel", network(input(2, 5, 4),
            conv("a", 2, 1, SIGMOID), conv("b", 2, 2, 4, 1, 1, PaddingSpec.explicit(0, 1, 2, 1), true, SIGMOID),
            dense("fc", 2, LINEAR))),
        Arguments.of("first layer padded SAME, 1x1 conv after", network(input(1, 5, 5),
            conv("a", 3, 3, 3, 1, 1, PaddingSpec.SAME, true, TANH), conv("b", 2, 1, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("max pooling 2", network(input(2, 6, 6),
            conv("a", 3, 3, TANH), maxPool("pool", 2), dense("fc", 3, LINEAR))),
        Arguments.of("average pooling 2", network(input(2, 6, 6),
            conv("a", 3, 3, SIGMOID), avgPool("pool", 2), dense("fc", 3, LINEAR))),
        Arguments.of("overlapping max pooling 3, strides 2", network(input(1, 7, 7),
            conv("a", 2, 1, TANH), new Pool2DSpec("pool", PoolKind.MAX, 3, 3, 2, 2), dense("fc", 2, LINEAR))),
        Arguments.of("average pooling 2x3, strides 1x2", network(input(1, 5, 7),
            conv("a", 2, 1, TANH), new Pool2DSpec("pool", PoolKind.AVERAGE, 2, 3, 1, 2), dense("fc", 2, LINEAR))),
        Arguments.of("max pooling 3, strides 2, padding 1 (ResNet's stem)", network(input(2, 7, 8),
            conv("a", 2, 1, TANH), new Pool2DSpec("pool", PoolKind.MAX, 3, 3, 2, 2, 1, 1, false),
            dense("fc", 2, LINEAR))),
        Arguments.of("average pooling 3, strides 2, padding {1, 0}, ceil mode (a clipped last window)",
            network(input(1, 8, 6), conv("a", 2, 1, SIGMOID),
                new Pool2DSpec("pool", PoolKind.AVERAGE, 3, 3, 2, 2, 1, 0, true), dense("fc", 2, LINEAR))),
        Arguments.of("max pooling 2, ceil mode on odd sizes (GoogLeNet's pooling)", network(input(2, 7, 5),
            conv("a", 2, 1, TANH), new Pool2DSpec("pool", PoolKind.MAX, 2, 2, 2, 2, 0, 0, true),
            dense("fc", 2, LINEAR))),
        Arguments.of("global average pooling, then dense", network(input(2, 5, 6),
            conv("a", 3, 3, TANH), new GlobalPoolingKind.Spec("gap", false), dense("fc", 2, LINEAR))),
        Arguments.of("global max pooling, then dense", network(input(2, 5, 6),
            conv("a", 3, 3, TANH), new GlobalPoolingKind.Spec("gmp", true), dense("fc", 2, LINEAR))),
        Arguments.of("standalone activations: conv without one, then ReLU; dense, then tanh", network(input(2, 6, 6),
            conv("a", 3, 3, LINEAR), new ActivateKind.Spec("relu", RELU), dense("fc", 4, LINEAR),
            new ActivateKind.Spec("tanh", TANH), dense("out", 2, LINEAR))),
        Arguments.of("batch norm after a conv, with ReLU; on a flat input after dense, with tanh (evaluation mode)",
            network(input(2, 5, 5), conv("a", 3, 3, LINEAR), new BatchNormKind.Spec("bn", 1e-5, 0.1, RELU),
                dense("fc", 4, LINEAR), new BatchNormKind.Spec("bn2", 1e-3, 0.5, TANH), dense("out", 2, LINEAR))),
        Arguments.of("dropout after a conv and after a dense layer (evaluation mode: the identity)",
            network(input(2, 5, 5), conv("a", 3, 3, TANH), new DropoutKind.Spec("drop", 0.5), dense("fc", 4, RELU),
                new DropoutKind.Spec("drop2", 0.25), dense("out", 2, LINEAR))),
        Arguments.of("batch norm of the network's input", network(input(2, 3, 3),
            new BatchNormKind.Spec("bn", 1e-5, 0.1, LINEAR), conv("a", 2, 2, TANH), dense("out", 2, LINEAR))),
        Arguments.of("pooling first, then conv", network(input(2, 6, 6),
            maxPool("pool", 2), conv("a", 2, 2, RELU), dense("fc", 2, SOFTMAX))),
        Arguments.of("dense stack, every activation, a dense without bias", network(input(1, 3, 4),
            dense("d1", 6, TANH), dense("d2", 5, SIGMOID), new DenseSpec("d3", 5, false, RELU),
            dense("d4", 4, LINEAR), dense("out", 3, SOFTMAX))),
        Arguments.of("strides larger than the kernel and the window (cells skipped)", network(input(2, 9, 9),
            conv("a", 2, 1, TANH), conv("b", 2, 2, 1, 3, 2, PaddingSpec.VALID, true, SIGMOID),
            new Pool2DSpec("pool", PoolKind.MAX, 1, 2, 2, 3), dense("fc", 2, LINEAR))),
        Arguments.of("kernel 4x3 (more taps than one unrolled loop) after another layer", network(input(2, 7, 8),
            conv("a", 2, 1, TANH), conv("b", 2, 4, 3, 1, 1, PaddingSpec.explicit(1, 2, 0, 1), true, RELU),
            dense("fc", 2, LINEAR))),
        Arguments.of("wide rows (aligned planes): kernel 3x4, padding {1, 0, 2, 1}, after another layer",
            network(input(2, 6, 11), conv("a", 2, 1, TANH),
                conv("b", 3, 3, 4, 1, 1, PaddingSpec.explicit(1, 0, 2, 1), true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("wide rows (aligned planes): kernel 5x5 SAME, no bias, after another layer",
            network(input(1, 5, 9), conv("a", 2, 1, SIGMOID),
                conv("b", 2, 5, 5, 1, 1, PaddingSpec.SAME, false, TANH), dense("fc", 2, LINEAR))),
        Arguments.of("wide rows (aligned planes): 17 columns, two row vectors", network(input(1, 3, 19),
            conv("a", 2, 3, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("wide rows, 16 filters (weight gradient vectorised along channels)", network(input(1, 4, 9),
            conv("a", 2, 1, TANH), conv("b", 16, 3, 3, 1, 1, PaddingSpec.SAME, true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("narrow rows, 16 filters, padding 1 (planar, weight gradient along channels)",
            network(input(2, 4, 3), conv("a", 2, 1, TANH),
                conv("b", 16, 3, 3, 1, 1, PaddingSpec.explicit(1, 1, 1, 1), true, SIGMOID), dense("fc", 2, LINEAR))),
        Arguments.of("kernel 8x8 at stride 1 (past the unrolled kernels: loop emitter)", network(input(1, 9, 10),
            conv("a", 2, 1, TANH), conv("b", 2, 8, 8, 1, 1, PaddingSpec.explicit(0, 1, 1, 0), true, SIGMOID),
            dense("fc", 2, LINEAR))),
        Arguments.of("rows of 16 narrower than the padded input (18 wide: 16 plus padding 1, kernel 3x3)",
            network(input(1, 3, 16), conv("a", 2, 1, TANH),
                conv("b", 2, 3, 3, 1, 1, PaddingSpec.explicit(1, 1, 1, 1), true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("many cells, few taps, kernel 5x1 SAME, 5 filters (weight gradient as sums over cells)",
            network(input(1, 10, 12), conv("a", 2, 1, TANH),
                conv("b", 5, 5, 1, 1, 1, PaddingSpec.SAME, true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("one channel between layers, wide rows (aligned; the loops over it left out)",
            network(input(1, 6, 12), conv("a", 1, 1, TANH),
                conv("b", 3, 3, 3, 1, 1, PaddingSpec.SAME, true, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("one channel between layers: strides 2, a 1x2 window, narrow rows (loops over it left out)",
            network(input(1, 9, 9), conv("a", 1, 1, SIGMOID),
                conv("b", 1, 3, 3, 2, 2, PaddingSpec.VALID, true, TANH), new Pool2DSpec("pool", PoolKind.MAX, 1, 2, 1, 1),
                conv("c", 2, 2, RELU), dense("fc", 2, LINEAR))),
        Arguments.of("small LeNet-like", network(input(1, 12, 12),
            conv("c1", 4, 5, 5, 1, 1, PaddingSpec.explicit(2, 2, 2, 2), true, SIGMOID), avgPool("s2", 2),
            conv("c3", 6, 3, SIGMOID), avgPool("s4", 2), dense("f5", 8, SIGMOID), dense("out", 4, SOFTMAX))));
  }
}
