package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dropout's training pass: a mask drawn from the sample's seed alone, a share of zeros near the rate, kept values
 * scaled by 1 / (1 - rate), the backward pass through the same mask, and the identity in evaluation. The mask is
 * read back through a dense layer: with every input 1 and dLoss/dOutput = (1, 0), the gradient of the first
 * unit's weights is the mask itself.
 */
class DropoutTrainingTest {
  private static final int SIZE = 400;
  private static final float RATE = 0.3f;
  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Generated.compileAnnotatedWithVector(source("DropNet", """
        @Network(input = @Input(channels = 1, height = 20, width = 20))
        class DropNet {
          @Dropout(rate = 0.3) Layer drop;
          @Dense(units = 2) Layer out;
        }
        """));
    assertThat(compilation).succeeded();
  }

  private static Model model(String backend) {
    return Model.of(Generated.load(compilation, "test.DropNet" + (backend.equals("vector") ? "NetVector" : "Net")));
  }

  /** The first unit's weight gradient after one pass of an all-ones sample: the mask, or all ones in evaluation. */
  private static float[] mask(Model model, Long seed) {
    float[] ones = new float[SIZE];
    Arrays.fill(ones, 1);
    model.zeroGradients();
    if (seed == null) {
      model.forward(ones, 0);
      model.backward(new float[] {1, 0});
    } else {
      model.trainForward(0, ones, 0, seed);
      model.trainBackward(0, new float[] {1, 0});
    }
    return Arrays.copyOf(model.gradients(), SIZE); // out.weight [2, 400] comes first
  }

  @ParameterizedTest
  @ValueSource(strings = {"portable", "vector"})
  void theMaskDependsOnTheSeedAloneAndScalesWhatItKeeps(String backend) {
    Model model = model(backend);
    assertEquals(1, model.stages());
    float[] first = mask(model, 7L);
    mask(model, 8L);
    assertArrayEquals(first, mask(model, 7L), "the same seed draws the same mask, whatever ran in between");
    assertFalse(Arrays.equals(first, mask(model, 8L)), "another seed draws another mask");
    int zeros = 0;
    for (float m : first) {
      if (m == 0) {
        zeros++;
      } else {
        assertEquals((float) (1 / (1 - 0.3)), m, "a kept value is scaled by 1 / (1 - rate)");
      }
    }
    // 400 draws at p = 0.3: a standard deviation of 9 zeros, so 120 +- 40 is over four of them.
    assertTrue(Math.abs(zeros - RATE * SIZE) < 40, zeros + " of " + SIZE + " dropped at rate " + RATE);
    assertArrayEquals(first, mask(model.replica(), 7L),
        "a replica (another thread) draws the same mask for the same seed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"portable", "vector"})
  void evaluationIsTheIdentity(String backend) {
    float[] mask = mask(model(backend), null);
    for (float m : mask) {
      assertEquals(1f, m);
    }
  }
}
