package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.ReferenceNetwork;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float code users run against the plain double reference (forward) and against the double build of
 * the same emitter (backward), and softmax cross-entropy's gradient through the whole network.
 */
class ReferenceComparisonTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void floatForwardMatchesReference(String name, NetworkSpec spec, Backend backend) {
    NetworkPlan plan = Generated.plan(spec);
    TestNet net = Generated.instantiate(plan, Precision.FLOAT, backend);
    Random random = new Random(11);
    double[] params = new double[net.parameterCount()];
    net.randomize(random);
    for (int i = 0; i < params.length; i++) {
      params[i] = net.parameter(i); // the float-rounded value, so only arithmetic differs
    }
    for (int trial = 0; trial < 3; trial++) {
      double[] input = new double[net.inputSize()];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) random.nextDouble();
      }
      double[] expected = ReferenceNetwork.forward(plan, params, input);
      double[] actual = net.forward(input);
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), name + " output " + i);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void floatBackwardMatchesDoubleBackward(String name, NetworkSpec spec, Backend backend) {
    NetworkPlan plan = Generated.plan(spec);
    TestNet single = Generated.instantiate(plan, Precision.FLOAT, backend);
    TestNet dual = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(13);
    single.randomize(random);
    for (int i = 0; i < single.parameterCount(); i++) {
      dual.setParameter(i, single.parameter(i));
    }
    double[] input = new double[single.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    double[] r = new double[plan.output().size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (random.nextDouble() - 0.5);
    }
    single.forward(input);
    single.backward(r);
    dual.forward(input);
    dual.backward(r);
    double scale = 0;
    for (int i = 0; i < dual.parameterCount(); i++) {
      scale = Math.max(scale, Math.abs(dual.gradient(i)));
    }
    for (int i = 0; i < dual.parameterCount(); i++) {
      assertEquals(dual.gradient(i), single.gradient(i), 1e-5 * Math.max(1, scale), name + " gradient " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void crossEntropyGradientThroughTheNetwork(String name, NetworkSpec spec) {
    TestNet net = Generated.instantiate(Generated.plan(spec), Precision.DOUBLE);
    Random random = new Random(17);
    net.randomize(random);
    double[] input = random.doubles(net.inputSize(), 0, 1).toArray();
    int label = 1;
    double[] logits = net.forward(input);
    double[] gradient = softmax(logits);
    gradient[label] -= 1; // d(-log softmax[label]) / d logits
    net.zeroGradients();
    net.backward(gradient);
    double step = 1e-6;
    for (int i = 0; i < net.parameterCount(); i++) {
      if (!net.trainable(i)) {
        continue;
      }
      double saved = net.parameter(i);
      net.setParameter(i, saved + step);
      double plus = crossEntropy(net.forward(input), label);
      net.setParameter(i, saved - step);
      double minus = crossEntropy(net.forward(input), label);
      net.setParameter(i, saved);
      double numeric = (plus - minus) / (2 * step);
      double analytic = net.gradient(i);
      assertTrue(Math.abs(numeric - analytic) <= 1e-7 + 1e-6 * Math.abs(numeric),
          name + ": parameter " + i + " analytic " + analytic + " numeric " + numeric);
    }
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static double crossEntropy(double[] logits, int label) {
    return -Math.log(softmax(logits)[label]);
  }
}
