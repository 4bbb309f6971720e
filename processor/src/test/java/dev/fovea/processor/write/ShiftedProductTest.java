package dev.fovea.processor.write;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutions whose forward product reads the padded input in rows of whole vectors ({@link ShiftedProduct}): which
 * layers take that form, and that their forward and backward give the portable backend's values.
 */
class ShiftedProductTest {

  private static PaddingSpec pad(int side) {
    return PaddingSpec.explicit(side, side, side, side);
  }

  @Test
  void wideLayersAtStrideOneTakeTheShiftedForm() {
    // W1.c1: 28 x 28 cells, padded rows of 32: 4 wasted cells in 32.
    assertTrue(suits(network(input(1, 28, 28), conv("c", 6, 5, 5, 1, 1, pad(2), true, SIGMOID))));
    // ResNet-18's 14 x 14 layers: padded rows of 16, 2 wasted in 16.
    assertTrue(suits(network(input(8, 14, 14), conv("c", 8, 3, 3, 1, 1, pad(1), true, LINEAR))));
    // W2.conv1: 26 cells in rows of 32, 6 wasted: more than one in 8.
    assertFalse(suits(network(input(1, 28, 28), conv("c", 32, 3, RELU))));
    assertFalse(suits(network(input(1, 32, 32), conv("c", 4, 3, 3, 2, 2, pad(1), true, RELU))));
  }

  private static boolean suits(dev.fovea.processor.model.NetworkSpec spec) {
    return ShiftedProduct.suits(Generated.plan(spec).layers().get(0));
  }

  @Test
  void theShiftedForwardReadsNoColumns() {
    String source = Generated.source(Generated.plan(network(input(1, 28, 28),
        conv("c", 6, 5, 5, 1, 1, pad(2), true, SIGMOID), dense("fc", 2, LINEAR))), Precision.FLOAT, Backend.VECTOR);
    String forward = source.substring(source.indexOf("private void forward_c()"),
        source.indexOf("private void backward_c()"));
    assertFalse(forward.contains("columns_c"), forward);
    assertTrue(forward.contains("SIGMOID from the accumulators to the output"), forward);
    assertTrue(source.contains("IntStream.range(0, 25).map(k -> k / 5 * 32 + k % 5).toArray()"), source);
  }

  static Stream<Arguments> networks() {
    return Stream.of(
        // Cell sums (few taps, many cells): the backward unrolls the columns the forward did not.
        Arguments.of("5x5 padded, one channel", network(input(1, 28, 28),
            conv("c", 6, 5, 5, 1, 1, pad(2), true, SIGMOID), dense("fc", 3, LINEAR))),
        // Products over taps: the backward's rows read the padded input in rows of 32.
        Arguments.of("3x3 padded, 32 channels", network(input(32, 30, 30),
            conv("c", 5, 3, 3, 1, 1, pad(1), true, RELU), dense("fc", 3, LINEAR))),
        // Output rows narrower than a vector: copied, then activated in place.
        Arguments.of("3x3 padded, rows of 14", network(input(3, 14, 14),
            conv("c", 4, 3, 3, 1, 1, pad(1), false, TANH), dense("fc", 3, LINEAR))),
        // No padding: the input is still copied, into rows of 16 with a vector's slack.
        Arguments.of("1x3 unpadded", network(input(2, 9, 16),
            conv("c", 3, 1, 3, 1, 1, PaddingSpec.VALID, true, RELU), dense("fc", 3, LINEAR))),
        Arguments.of("3x1 then 3x3, two shifted layers", network(input(2, 18, 29),
            conv("a", 4, 3, 1, 1, 1, PaddingSpec.explicit(1, 1, 0, 0), true, RELU), conv("b", 3, 3, 3, 1, 1, pad(1), true, LINEAR),
            dense("fc", 3, LINEAR))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void forwardAndBackwardGiveThePortableValues(String name, dev.fovea.processor.model.NetworkSpec spec) {
    NetworkPlan plan = Generated.plan(spec);
    assertTrue(plan.layers().stream().filter(l -> l.spec() instanceof dev.fovea.processor.model.Conv2DSpec)
        .allMatch(ShiftedProduct::suits), name + ": every convolution takes the shifted form");
    TestNet vector = Generated.instantiate(plan, Precision.DOUBLE, Backend.VECTOR);
    TestNet portable = Generated.instantiate(plan, Precision.DOUBLE, Backend.PORTABLE);
    vector.randomize(new Random(3));
    portable.randomize(new Random(3));
    Random random = new Random(name.hashCode());
    double[] input = new double[vector.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextDouble() * 2 - 1;
    }
    double[] expected = portable.forward(input);
    double[] actual = vector.forward(input);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-9, name + ": output " + i);
    }
    double[] outputGradient = {0.5, -1, 0.25};
    for (int pass = 0; pass < 2; pass++) {
      // Twice: a second backward of the same sample must find what it reads intact.
      vector.zeroGradients();
      portable.zeroGradients();
      portable.backward(outputGradient);
      vector.backward(outputGradient);
      for (int i = 0; i < vector.parameterCount(); i++) {
        assertEquals(portable.gradient(i), vector.gradient(i), 1e-9, name + ": gradient " + i + ", pass " + pass);
      }
    }
  }
}
