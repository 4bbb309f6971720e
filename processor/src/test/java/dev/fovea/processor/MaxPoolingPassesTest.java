package dev.fovea.processor;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.maxPool;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.NetworkCases;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max pooling's inference pass keeps only the maxima, its training pass the winners too, and a backward pass
 * after inference finds the winners itself: both passes must give the same outputs and the same gradients, bit
 * for bit. Wider layers than the shared cases take the vector backend's 2x2 inference pass ({@code PairWindows})
 * through whole vectors, overlapping ones and scalar tails.
 */
class MaxPoolingPassesTest {

  static Stream<Arguments> cases() {
    Stream<Arguments> wide = Stream.of(
        // Rows of 32 input columns: two whole vectors of 16 (or four of 8), and 816 outputs.
        Arguments.of("max pooling 2, 34x33 cells", network(input(1, 36, 35),
            conv("a", 3, 3, TANH), maxPool("pool", 2), dense("fc", 2, LINEAR))),
        // W2's first pooling: rows of 26 columns end in an overlapping vector; 845 outputs leave a scalar tail.
        Arguments.of("max pooling 2, 26x26 cells", network(input(2, 28, 28),
            conv("a", 5, 3, RELU), maxPool("pool", 2), dense("fc", 2, LINEAR))),
        Arguments.of("max pooling 2, 10x39 cells (odd columns left out)", network(input(1, 12, 41),
            conv("a", 2, 3, TANH), maxPool("pool", 2), dense("fc", 2, LINEAR))));
    return NetworkCases.eachBackend(
        Stream.concat(NetworkCases.all().filter(a -> ((String) a.get()[0]).contains("max pooling")), wide));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inferenceAndTrainingGiveTheSameOutputsAndGradients(String name, NetworkSpec spec, Backend backend)
      throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    TestNet net = Generated.instantiate(plan, Precision.FLOAT, backend);
    Random random = new Random(name.hashCode());
    net.randomize(random);
    float[] input = new float[net.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 2 - 1;
    }
    float[] outputGradient = new float[plan.output().size()];
    for (int i = 0; i < outputGradient.length; i++) {
      outputGradient[i] = random.nextFloat() * 2 - 1;
    }
    Object instance = net.instance();
    Class<?> type = instance.getClass();
    assertEquals(1, type.getField("STAGES").getInt(null), name + ": a network without batch norm has one stage");

    float[] inferenceOut = ((float[]) type.getMethod("forward", float[].class, int.class)
        .invoke(instance, input, 0)).clone();
    net.zeroGradients();
    type.getMethod("backward", float[].class).invoke(instance, (Object) outputGradient);
    double[] afterInference = gradients(net);

    float[] trainingOut = ((float[]) type.getMethod("trainForward", int.class, float[].class, int.class, long.class)
        .invoke(instance, 0, input, 0, 7L)).clone();
    net.zeroGradients();
    type.getMethod("trainBackward", int.class, float[].class).invoke(instance, 0, outputGradient);
    double[] afterTraining = gradients(net);

    assertArrayEquals(inferenceOut, trainingOut, name + ": outputs");
    assertArrayEquals(afterInference, afterTraining, name + ": gradients");
  }

  private static double[] gradients(TestNet net) {
    double[] result = new double[net.parameterCount()];
    for (int i = 0; i < result.length; i++) {
      result[i] = net.gradient(i);
    }
    return result;
  }
}
