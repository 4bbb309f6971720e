package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's backward kernel adds its input gradient to what the buffer holds (so a layer output read by two
 * layers gets both gradients), and the generated backward zeroes those buffers itself, once per call. Drives the
 * private per-layer methods by reflection, in double precision, on both backends.
 */
class GradientAccumulationTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void everyBackwardKernelAddsToItsInputGradient(String name, NetworkSpec spec, Backend backend) throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    TestNet net = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(name.hashCode());
    randomParameters(net, random);
    double[] input = random.doubles(net.inputSize(), 0, 1).toArray();
    net.forward(input);
    List<LayerPlan> layers = plan.layers();
    for (int i = 1; i < layers.size(); i++) {
      String layer = layers.get(i).name();
      double[] outputGrad = buffer(net, "grad_" + layer);
      double[] inputGrad = buffer(net, "grad_" + layers.get(i - 1).name());
      Method backward = net.instance().getClass().getDeclaredMethod(("backward_" + layer).replace('.', '_'));
      backward.setAccessible(true);
      double[] dZ = random.doubles(outputGrad.length, -1, 1).toArray();
      double[] before = random.doubles(inputGrad.length, -1, 1).toArray();

      // The kernel may change its output gradient in place (the activation's derivative): restore it each time.
      System.arraycopy(dZ, 0, outputGrad, 0, dZ.length);
      Arrays.fill(inputGrad, 0);
      backward.invoke(net.instance());
      double[] alone = inputGrad.clone();

      // An overwriting kernel would leave alone[j] where before[j] + alone[j] belongs; before has no zeros.
      System.arraycopy(dZ, 0, outputGrad, 0, dZ.length);
      System.arraycopy(before, 0, inputGrad, 0, before.length);
      backward.invoke(net.instance());
      for (int j = 0; j < inputGrad.length; j++) {
        double expected = before[j] + alone[j];
        assertEquals(expected, inputGrad[j], 1e-12 * Math.max(1, Math.abs(expected)),
            name + ": " + layer + " overwrote dLoss/dInput[" + j + "] instead of adding to it");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void backwardZeroesTheActivationGradientsItAddsInto(String name, NetworkSpec spec, Backend backend)
      throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    TestNet net = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(name.hashCode());
    randomParameters(net, random);
    double[] input = random.doubles(net.inputSize(), 0, 1).toArray();
    double[] r = random.doubles(plan.output().size(), -1, 1).toArray();
    net.forward(input);
    net.backward(r);
    double[] once = gradients(net);
    // Whatever a previous step left in the activation gradients must not reach this step's.
    for (LayerPlan layer : plan.layers()) {
      Arrays.fill(buffer(net, "grad_" + layer.name()), Double.NaN);
    }
    net.zeroGradients();
    net.backward(r);
    double[] again = gradients(net);
    for (int i = 0; i < once.length; i++) {
      assertEquals(once[i], again[i], 1e-12 * Math.max(1, Math.abs(once[i])), name + ": parameter gradient " + i);
    }
  }

  private static void randomParameters(TestNet net, Random random) {
    net.randomize(random);
  }

  private static double[] gradients(TestNet net) {
    double[] g = new double[net.parameterCount()];
    for (int i = 0; i < g.length; i++) {
      g[i] = net.gradient(i);
    }
    return g;
  }

  /** A generated instance's private double[] field, live. */
  private static double[] buffer(TestNet net, String field) throws ReflectiveOperationException {
    Field f = net.instance().getClass().getDeclaredField(field.replace('.', '_'));
    f.setAccessible(true);
    return (double[]) f.get(net.instance());
  }
}
