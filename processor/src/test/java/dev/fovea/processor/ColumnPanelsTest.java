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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products whose operands outgrow the cache are cut into column panels and chunks of the sum. Layer b here has
 * 72 taps by 1,296 cells (forward) and 80 filters by 1,296 cells (input gradient), each past the panel's 64 K
 * values, so both products run in panels, and must still give the reference's outputs and the double build's
 * gradients.
 * Layer c's products are cut into chunks of the sum, and must too, as must layer d's, cut for the first-level cache.
 */
class ColumnPanelsTest {
  private static final NetworkPlan PANELS = Generated.plan(network(input(4, 40, 40),
      conv("a", 8, 3, RELU), conv("b", 80, 3, RELU), dense("fc", 3, LINEAR)));

  /**
   * Layer c's forward product has 128 filters by 576 taps (past 64 K values, so re-reading them per panel would
   * cost) over 208 cells: its sum runs in two chunks of 288. Its weight gradient sums 196 cells into 576 taps: panels.
   */
  private static final NetworkPlan CHUNKS = Generated.plan(network(input(4, 16, 16),
      conv("a", 64, 1, RELU), conv("c", 128, 3, RELU), dense("fc", 3, LINEAR)));

  /**
   * Layer d's forward product (288 taps by 121 cells, padded to 128) fits the second-level cache but not the first:
   * its sum runs in chunks of 58, whose 58 x 128 values stay in the first-level cache (W2's second convolution).
   */
  private static final NetworkPlan FIRST_LEVEL = Generated.plan(network(input(32, 13, 13),
      conv("d", 64, 3, RELU), dense("fc", 3, LINEAR)));

  private static int count(String regex, String source) {
    Matcher matcher = Pattern.compile(regex).matcher(source);
    int found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }

  static Stream<NetworkPlan> plans() {
    return Stream.of(PANELS, CHUNKS, FIRST_LEVEL);
  }

  @Test
  void everyProductOfTheLargeLayerRunsInPanels() {
    String source = Generated.source(PANELS, Precision.FLOAT, Backend.VECTOR);
    int loops = count("for \\(int panel = 0;", source);
    // The forward and input gradient products (1,296 cells take the same blocks for 32 registers and for 16, so
    // each has one set of loops); the weight gradient sums over cells with few taps, a product without panels.
    assertEquals(2, loops, () -> "panel loops in the vector class:\n" + source);
  }

  @Test
  void aLongSumOverManyRowsRunsInChunks() {
    String source = Generated.source(CHUNKS, Precision.FLOAT, Backend.VECTOR);
    // The forward product's, in the layer's forward and again in its intra-op part (split by filters, each part's
    // rows run the same chunks). It reads the padded input in rows of 16 (ShiftedProduct): 14 rows of 16 cells, 14
    // vectors of 16 or 28 of 8, take blocks of two vectors for 32 registers and for 16 alike, so one set of loops.
    assertEquals(2, count("for \\(int chunk = 288; chunk < 576;", source), () -> "chunk loops:\n" + source);
    // The weight gradient's, in the loops for 32 registers and for 16 (576 taps take different blocks).
    assertEquals(2, count("for \\(int panel = 0;", source), () -> "panel loops:\n" + source);
  }

  @Test
  void aSumPastTheFirstLevelCacheRunsInChunks() {
    String source = Generated.source(FIRST_LEVEL, Precision.FLOAT, Backend.VECTOR);
    // In the forward and its intra-op part, each in the blocks for 32 registers and for 16.
    assertEquals(4, count("for \\(int chunk = 58; chunk < 288;", source), () -> "chunk loops:\n" + source);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void forwardMatchesTheReference(NetworkPlan plan) {
    // The double build is cut the same way (the cuts count values); in double a misplaced or lost term shows far
    // above the rounding of sums over hundreds of terms.
    TestNet net = Generated.instantiate(plan, Precision.DOUBLE, Backend.VECTOR);
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
    double[] expected = ReferenceNetwork.forward(plan, params, input);
    double[] actual = net.forward(input);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])), "output " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("plans")
  void backwardMatchesTheDoubleBuild(NetworkPlan plan) {
    TestNet single = Generated.instantiate(plan, Precision.FLOAT, Backend.VECTOR);
    TestNet dual = Generated.instantiate(plan, Precision.DOUBLE, Backend.VECTOR);
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
