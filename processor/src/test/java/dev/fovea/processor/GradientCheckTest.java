package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every generated backward pass against central finite differences, in double precision: the emitter
 * writes the same code with double arithmetic, so the check is sharp (relative error below 1e-6).
 */
class GradientCheckTest {
  private static final double STEP = 1e-6;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void parameterGradientsMatchFiniteDifferences(String name, NetworkSpec spec, Backend backend) {
    NetworkPlan plan = Generated.plan(spec);
    TestNet net = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(name.hashCode());
    net.randomize(random);
    double[] input = random.doubles(net.inputSize(), 0, 1).toArray();
    // A random linear loss L = sum(r * output) makes dL/dOutput = r for every output at once.
    double[] r = random.doubles(plan.output().size(), -1, 1).toArray();

    net.zeroGradients();
    net.forward(input);
    net.backward(r);

    for (int i = 0; i < net.parameterCount(); i++) {
      if (!net.trainable(i)) {
        continue; // a batch norm's running statistics: state, not parameters
      }
      double saved = net.parameter(i);
      net.setParameter(i, saved + STEP);
      double plus = dot(r, net.forward(input));
      net.setParameter(i, saved - STEP);
      double minus = dot(r, net.forward(input));
      net.setParameter(i, saved);
      double numeric = (plus - minus) / (2 * STEP);
      double analytic = net.gradient(i);
      double error = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
      assertTrue(error < 1e-6, name + ": parameter " + i + " analytic " + analytic + " numeric " + numeric);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void gradientsAccumulateAcrossSamples(String name, NetworkSpec spec, Backend backend) {
    TestNet net = Generated.instantiate(Generated.plan(spec), Precision.DOUBLE, backend);
    Random random = new Random(7);
    net.randomize(random);
    double[] a = random.doubles(net.inputSize(), 0, 1).toArray();
    double[] b = random.doubles(net.inputSize(), 0, 1).toArray();
    double[] r = random.doubles(net.forward(a).length, -1, 1).toArray();
    double[] gradA = gradients(net, a, r);
    double[] gradB = gradients(net, b, r);
    net.zeroGradients();
    net.forward(a);
    net.backward(r);
    net.forward(b);
    net.backward(r);
    for (int i = 0; i < net.parameterCount(); i++) {
      double expected = gradA[i] + gradB[i];
      assertTrue(Math.abs(net.gradient(i) - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
          name + ": gradient " + i + " did not accumulate");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void aSecondBackwardOfTheSameSampleAddsTheSameGradient(String name, NetworkSpec spec, Backend backend) {
    // backward works on the last forward's sample: calling it again (two losses, say) must find that intact.
    TestNet net = Generated.instantiate(Generated.plan(spec), Precision.DOUBLE, backend);
    Random random = new Random(19);
    net.randomize(random);
    double[] input = random.doubles(net.inputSize(), 0, 1).toArray();
    double[] r = random.doubles(net.forward(input).length, -1, 1).toArray();
    double[] once = gradients(net, input, r);
    net.backward(r);
    for (int i = 0; i < net.parameterCount(); i++) {
      assertTrue(Math.abs(net.gradient(i) - 2 * once[i]) <= 1e-12 * Math.max(1, Math.abs(once[i])),
          name + ": gradient " + i + " is " + net.gradient(i) + " after two backward passes, not 2 x " + once[i]);
    }
  }

  private static double[] gradients(TestNet net, double[] input, double[] r) {
    net.zeroGradients();
    net.forward(input);
    net.backward(r);
    double[] g = new double[net.parameterCount()];
    for (int i = 0; i < g.length; i++) {
      g[i] = net.gradient(i);
    }
    return g;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
