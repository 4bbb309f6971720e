package dev.fovea.processor;

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
 * for bit.
 */
class MaxPoolingPassesTest {

  static Stream<Arguments> cases() {
    return NetworkCases.allBackends().filter(a -> ((String) a.get()[0]).contains("max pooling"));
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
