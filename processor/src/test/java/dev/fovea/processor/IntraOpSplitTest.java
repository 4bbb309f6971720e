package dev.fovea.processor;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.api.GeneratedNetwork;
import dev.fovea.api.IntraOpThreads;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.InferenceWriter;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One sample's large layers split over intra-op threads give every output the bits of the unsplit forward, on 1,
 * 2 and 3 threads; layers under the threshold are not split.
 */
class IntraOpSplitTest {
  /**
   * Layer a: 16 filters over 38 x 38 cells (91 column units of 16), split by cells; b: 80 filters over 1,296 cells
   * with 144 taps, whose product runs in column panels inside each part's span. The dense layer is small: whole.
   */
  private static final NetworkPlan MANY_CELLS = Generated.plan(network(input(4, 40, 40),
      conv("a", 16, 3, RELU), conv("b", 80, 3, SIGMOID), dense("fc", 3, LINEAR)));

  /**
   * Layer a (64 filters, 4 taps, 256 cells: 65,536 multiply-adds) stays whole; c has 98 filters over 196 cells
   * (13 column units) with 576 taps: split by filters (the last part ends in a block of 2), in column panels.
   */
  private static final NetworkPlan FEW_CELLS = Generated.plan(network(input(4, 16, 16),
      conv("a", 64, 1, RELU), conv("c", 98, 3, RELU), dense("fc", 3, LINEAR)));

  /** Portable dense layers: h (1,600 x 100) split by units, out (100 x 10) whole. */
  private static final NetworkPlan DENSE = Generated.plan(network(input(1, 40, 40),
      dense("h", 100, RELU), dense("out", 10, LINEAR)));

  @Test
  void convolutionsByCellsKeepTheirBits() {
    assertSameBitsOnAnyThreads(MANY_CELLS, Backend.VECTOR);
  }

  @Test
  void convolutionsByFiltersKeepTheirBits() {
    assertSameBitsOnAnyThreads(FEW_CELLS, Backend.VECTOR);
  }

  @Test
  void denseLayersKeepTheirBits() {
    assertSameBitsOnAnyThreads(DENSE, Backend.PORTABLE);
  }

  @Test
  void onlyLargeLayersAreSplit() {
    String many = Generated.source(MANY_CELLS, Precision.FLOAT, Backend.VECTOR);
    assertTrue(many.contains("void partForward_a(") && many.contains("void partForward_b("), many);
    assertFalse(many.contains("partForward_fc("), many);
    assertTrue(many.contains("Z = W x columns for cells"), many);
    String few = Generated.source(FEW_CELLS, Precision.FLOAT, Backend.VECTOR);
    assertFalse(few.contains("partForward_a("), few);
    assertTrue(few.contains("Z = W x columns for filters"), few);
    String dense = Generated.source(DENSE, Precision.FLOAT, Backend.PORTABLE);
    assertTrue(dense.contains("void partForward_h(") && !dense.contains("partForward_out("), dense);
  }

  @Test
  void theExportedClassifierStaysOnOneThread() {
    for (Backend backend : Backend.values()) {
      String exported = InferenceWriter.builder(MANY_CELLS, "Exported", backend).build().toString();
      assertTrue(exported.contains("forward_b("), exported);
      assertFalse(exported.contains("IntraOpThreads") || exported.contains("partForward_"), exported);
    }
  }

  @Test
  void classesWithNothingToSplitKeepTheDefaults() {
    NetworkPlan small = Generated.plan(network(input(1, 8, 8), conv("a", 4, 3, RELU), dense("fc", 3, LINEAR)));
    String source = Generated.source(small, Precision.FLOAT, Backend.VECTOR);
    assertFalse(source.contains("IntraOpThreads"), source);
    GeneratedNetwork net = instance(small, Backend.VECTOR);
    net.setIntraOpThreads(2);
    assertEquals(1, net.intraOpThreads());
  }

  @Test
  void theThreadCountRoundTripsAndIsChecked() {
    GeneratedNetwork net = instance(DENSE, Backend.PORTABLE);
    assertEquals(1, net.intraOpThreads());
    net.setIntraOpThreads(3);
    assertEquals(3, net.intraOpThreads());
    assertEquals(1, net.replica().intraOpThreads(), "replicas run on their own thread");
    net.setIntraOpThreads(1);
    assertEquals(1, net.intraOpThreads());
    for (int bad : new int[] {0, -1, IntraOpThreads.MAX_THREADS + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.setIntraOpThreads(bad));
      assertEquals(IntraOpThreads.BAD_COUNT + bad, e.getMessage());
    }
  }

  private static GeneratedNetwork instance(NetworkPlan plan, Backend backend) {
    return (GeneratedNetwork) Generated.instantiate(plan, Precision.FLOAT, backend).instance();
  }

  /** Several samples through 1, 2 and 3 threads, each output's bits against one unsplit instance's. */
  private static void assertSameBitsOnAnyThreads(NetworkPlan plan, Backend backend) {
    TestNet reference = Generated.instantiate(plan, Precision.FLOAT, backend);
    reference.randomize(new Random(11));
    GeneratedNetwork whole = (GeneratedNetwork) reference.instance();
    int inputs = whole.info().inputSize();
    int outputs = whole.info().outputSize();
    Random random = new Random(13);
    float[][] samples = new float[4][inputs];
    float[][] expected = new float[samples.length][];
    for (int s = 0; s < samples.length; s++) {
      for (int i = 0; i < inputs; i++) {
        samples[s][i] = (float) random.nextGaussian();
      }
      expected[s] = whole.forward(samples[s], 0).clone();
    }
    for (int threads = 1; threads <= 3; threads++) {
      GeneratedNetwork split = whole.replica();
      split.setIntraOpThreads(threads);
      assertEquals(threads, split.intraOpThreads());
      for (int round = 0; round < 2; round++) {
        for (int s = 0; s < samples.length; s++) {
          float[] actual = split.forward(samples[s], 0);
          for (int o = 0; o < outputs; o++) {
            assertEquals(Float.floatToRawIntBits(expected[s][o]), Float.floatToRawIntBits(actual[o]),
                threads + " threads, sample " + s + ", output " + o);
          }
        }
      }
      split.setIntraOpThreads(1);
    }
  }
}
