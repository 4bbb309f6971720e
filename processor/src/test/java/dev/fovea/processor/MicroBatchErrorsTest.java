package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.api.GeneratedBatch;
import dev.fovea.api.GeneratedNetwork;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.NetworkCases;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.BatchApi;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.write.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A micro-batch refuses a capacity below one and calls with more samples than it holds, naming the numbers. */
class MicroBatchErrorsTest {

  private static GeneratedNetwork network(Backend backend) {
    NetworkSpec spec = (NetworkSpec) NetworkCases.lines().findFirst().orElseThrow().get()[1];
    return (GeneratedNetwork) Generated.instantiate(Generated.plan(spec), Precision.FLOAT, backend).instance();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void refusesWhatItCannotHold(Backend backend) {
    GeneratedNetwork network = network(backend);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> network.batch(0));
    assertEquals(BatchApi.NO_CAPACITY + 0, none.getMessage());

    GeneratedBatch batch = network.batch(2);
    float[] samples = new float[3 * network.info().inputSize()];
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> batch.forward(samples, 0, 3));
    assertEquals(BatchApi.TOO_MANY_SAMPLES + 2 + ", got 3", many.getMessage());
    assertThrows(IllegalArgumentException.class, () -> batch.trainForward(0, samples, 0, 3, new long[3]));
    assertThrows(IllegalArgumentException.class, () -> batch.trainBackward(0, new float[0], -1));
    assertThrows(IllegalArgumentException.class, () -> batch.forwardSums(1, new double[0], 3));
    assertThrows(IllegalArgumentException.class, () -> batch.backwardSums(1, new double[0], 3));
    assertTrue(batch.forward(samples, 0, 2).length >= 2 * network.info().outputSize(),
        "two samples fit a capacity of two");
  }
}
