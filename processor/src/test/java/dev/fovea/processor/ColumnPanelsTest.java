package dev.fovea.processor;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.ReferenceNetwork;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Products whose column operand outgrows the cache are cut into column panels, taken outermost. Layer b here has
 * 72 taps by 1,296 cells (forward) and 80 filters by 1,296 cells (input gradient), each past the panel's 64 K
 * values, so both products run in panels, and must still give the reference's outputs and the double build's
 * gradients.
 */
class ColumnPanelsTest {
  private static final NetworkPlan PLAN = Generated.plan(network(input(4, 40, 40),
      conv("a", 8, 3, RELU), conv("b", 80, 3, RELU), dense("fc", 3, LINEAR)));

  @Test
  void everyProductOfTheLargeLayerRunsInPanels() {
    String source = Generated.source(PLAN, Precision.FLOAT, Backend.VECTOR);
    Matcher panelled = Pattern.compile("for \\(int panel = 0; panel < (\\d+);").matcher(source);
    int loops = 0;
    while (panelled.find()) {
      loops++;
    }
    // The forward and input gradient products (1,296 cells take the same blocks for 32 registers and for 16, so
    // each has one set of loops); the weight gradient sums over cells with few taps, a product without panels.
    assertEquals(2, loops, () -> "panel loops in the vector class:\n" + source);
  }

  @Test
  void panelledForwardMatchesTheReference() {
    TestNet net = Generated.instantiate(PLAN, Precision.FLOAT, Backend.VECTOR);
    Random random = new Random(5);
    net.randomize(random);
    double[] params = new double[net.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = net.parameter(i);
    }
    double[] input = new double[net.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    double[] expected = ReferenceNetwork.forward(PLAN, params, input);
    double[] actual = net.forward(input);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "output " + i);
    }
  }

  @Test
  void panelledBackwardMatchesTheDoubleBuild() {
    TestNet single = Generated.instantiate(PLAN, Precision.FLOAT, Backend.VECTOR);
    TestNet dual = Generated.instantiate(PLAN, Precision.DOUBLE, Backend.VECTOR);
    Random random = new Random(7);
    single.randomize(random);
    for (int i = 0; i < single.parameterCount(); i++) {
      dual.setParameter(i, single.parameter(i));
    }
    double[] input = new double[single.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    double[] r = {0.5, -0.25, 0.125};
    single.forward(input);
    single.backward(r);
    dual.forward(input);
    dual.backward(r);
    double scale = 0;
    for (int i = 0; i < dual.parameterCount(); i++) {
      scale = Math.max(scale, Math.abs(dual.gradient(i)));
    }
    assertTrue(scale > 0, "some gradient");
    for (int i = 0; i < dual.parameterCount(); i++) {
      assertEquals(dual.gradient(i), single.gradient(i), 1e-5 * scale, "gradient " + i);
    }
  }
}
