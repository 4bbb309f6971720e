package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.api.GeneratedBatch;
import dev.fovea.api.GeneratedNetwork;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.NetworkCases;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A micro-batch gives, bit for bit, what running its samples on siblings in sample order gives, for every case of
 * {@link NetworkCases} on both backends: the outputs in evaluation and training (dropout seeded per sample), the
 * batch-norm sums of every stage, the gradients after every backward stage, and the running statistics. Two
 * networks start from the same parameters, one driven sample by sample and one by its micro-batch; n is 3, 5 and
 * 1 of a capacity of 5 (one batch reused, so stale rows must not matter), and 1 of a capacity of 1.
 */
class MicroBatchTest {
  /** Where the packed samples start in their array: an offset must be honoured. */
  private static final int OFFSET = 7;
  private static final int CAPACITY = 5;

  static Stream<Arguments> cases() {
    return NetworkCases.allBackends();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aMicroBatchGivesTheSiblingsBits(String name, NetworkSpec spec, Backend backend) throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    TestNet test = Generated.instantiate(plan, Precision.FLOAT, backend);
    Random random = new Random(name.hashCode());
    test.randomize(random);
    GeneratedNetwork single = (GeneratedNetwork) test.instance();
    GeneratedNetwork batched = (GeneratedNetwork) single.getClass().getConstructor(float[].class)
        .newInstance((Object) single.parameters().clone());
    GeneratedNetwork[] siblings = new GeneratedNetwork[CAPACITY];
    for (int k = 0; k < CAPACITY; k++) {
      siblings[k] = single.sibling();
    }
    Pair pair = new Pair(single, siblings, batched, random);
    GeneratedBatch batch = batched.batch(CAPACITY);
    assertEquals(CAPACITY, batch.capacity());
    for (int n : new int[] {3, CAPACITY, 1}) {
      pair.compare(batch, n, name + ", " + n + " of " + CAPACITY);
    }
    pair.compare(batched.batch(1), 1, name + ", 1 of 1");
  }

  /** The network run sample by sample and the one run by micro-batches, from the same parameters. */
  private record Pair(GeneratedNetwork single, GeneratedNetwork[] siblings, GeneratedNetwork batched,
      Random random) {

    void compare(GeneratedBatch batch, int n, String what) {
      int in = single.info().inputSize();
      int out = single.info().outputSize();
      float[] samples = floats(OFFSET + n * in + 3);
      float[] outputGradients = floats(n * out);
      long[] seeds = random.longs(n).toArray();
      evaluate(batch, samples, n, what + ", evaluation before training");
      int stages = single.info().stages();
      double[] expectedSums = new double[single.info().sumsSize()];
      double[] actualSums = new double[expectedSums.length];
      for (int s = 0; s < stages; s++) {
        float[][] expected = new float[n][];
        for (int k = 0; k < n; k++) {
          float[] o = siblings[k].trainForward(s, samples, OFFSET + k * in, seeds[k]);
          expected[k] = o == null ? null : o.clone();
        }
        float[] actual = batch.trainForward(s, samples, OFFSET, n, seeds);
        if (s == stages - 1) {
          rows(expected, actual, n, out, what + ", training output");
        } else {
          assertEquals(null, actual, what + ": stage " + s + " returns null");
          Arrays.fill(expectedSums, 0);
          Arrays.fill(actualSums, 0);
          for (int k = 0; k < n; k++) {
            siblings[k].forwardSums(s + 1, expectedSums);
          }
          batch.forwardSums(s + 1, actualSums, n);
          assertArrayEquals(expectedSums, actualSums, what + ": forward sums of stage " + (s + 1));
          if (refused(s + 1, expectedSums, actualSums, n, what)) {
            return;
          }
        }
      }
      for (int s = stages - 1; s >= 0; s--) {
        for (int k = 0; k < n; k++) {
          siblings[k].trainBackward(s, Arrays.copyOfRange(outputGradients, k * out, (k + 1) * out));
        }
        batch.trainBackward(s, outputGradients, n);
        assertArrayEquals(single.gradients(), batched.gradients(), what + ": gradients after stage " + s);
        if (s >= 1) {
          Arrays.fill(expectedSums, 0);
          Arrays.fill(actualSums, 0);
          for (int k = 0; k < n; k++) {
            siblings[k].backwardSums(s, expectedSums);
          }
          batch.backwardSums(s, actualSums, n);
          assertArrayEquals(expectedSums, actualSums, what + ": backward sums of stage " + s);
          single.setBackwardStatistics(s, expectedSums, n);
          batched.setBackwardStatistics(s, actualSums, n);
        }
      }
      assertArrayEquals(single.parameters(), batched.parameters(), what + ": parameters and running statistics");
      evaluate(batch, samples, n, what + ", evaluation after training");
    }

    /**
     * Sets the batch statistics of both networks, or sees both refuse them: a batch norm over one value per
     * channel (after a dense layer) cannot train on one sample, however it is run.
     */
    private boolean refused(int stage, double[] expectedSums, double[] actualSums, int n, String what) {
      try {
        single.setForwardStatistics(stage, expectedSums, n);
      } catch (IllegalArgumentException e) {
        assertEquals(1, n, what + ": only one sample is refused");
        IllegalArgumentException also = assertThrows(IllegalArgumentException.class,
            () -> batched.setForwardStatistics(stage, actualSums, n));
        assertEquals(e.getMessage(), also.getMessage(), what);
        return true;
      }
      batched.setForwardStatistics(stage, actualSums, n);
      return false;
    }

    private void evaluate(GeneratedBatch batch, float[] samples, int n, String what) {
      int in = single.info().inputSize();
      float[][] expected = new float[n][];
      for (int k = 0; k < n; k++) {
        expected[k] = siblings[k].forward(samples, OFFSET + k * in).clone();
      }
      rows(expected, batch.forward(samples, OFFSET, n), n, single.info().outputSize(), what);
    }

    private static void rows(float[][] expected, float[] actual, int n, int out, String what) {
      for (int k = 0; k < n; k++) {
        assertArrayEquals(expected[k], Arrays.copyOfRange(actual, k * out, (k + 1) * out), what + ", sample " + k);
      }
    }

    private float[] floats(int count) {
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = random.nextFloat() * 2 - 1;
      }
      return values;
    }
  }
}
