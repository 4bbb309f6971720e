package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The course's examples of fixed kernels hold on the generated code: Sobel on the textbook step image, a 3x3 box
 * blur as the plain average of the neighbours; and fixed weights are no parameters (no gradient, no optimiser
 * state) while the summary counts them.
 */
class FixedKernelExamplesTest {

  private static Model compile(String name, String body) {
    Compilation compilation = Generated.compileAnnotated(source(name, body));
    assertThat(compilation).succeeded();
    return Model.of(Generated.load(compilation, "test." + name + "Net"));
  }

  @Test
  void sobelOnTheTextbookStepImage() {
    Model model = compile("Sobel", """
        @Network(input = @Input(channels = 1, height = 6, width = 6))
        class Sobel {
          @FixedConv2D(FixedKernel.SOBEL_X) Layer sx;
          @FixedConv2D(value = FixedKernel.SOBEL_Y, from = "input") Layer sy;
          @Concat(from = {"sx", "sy"}) Layer both;
        }
        """);
    // The 6x6 image bright (10) on the left half and dark (0) on the right: one vertical edge down the middle.
    float[] image = new float[36];
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 3; x++) {
        image[y * 6 + x] = 10;
      }
    }
    float[] out = model.forward(image, 0);
    assertEquals(0, model.parameterCount());
    float[] expected = new float[32];
    for (int y = 0; y < 4; y++) {
      // Sobel x (values falling to the right): -(10 + 2 x 10 + 10) = -40 where the window spans the edge.
      expected[y * 4 + 1] = -40;
      expected[y * 4 + 2] = -40;
    }
    // Sobel y sees no change from row to row: channel 1 stays 0.
    assertArrayEquals(expected, out);
  }

  @Test
  void boxBlurIsTheAverageOfTheNeighbours() {
    Model model = compile("Blur", """
        @Network(input = @Input(channels = 2, height = 5, width = 6))
        class Blur {
          @FixedConv2D(FixedKernel.BOX) Layer box;
        }
        """);
    float[] image = new float[60];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i * 37 % 11) - 3.5f;
    }
    float[] out = model.forward(image, 0);
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          double sum = 0;
          for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
              sum += image[c * 30 + (y + dy) * 6 + x + dx];
            }
          }
          assertEquals(sum / 9, out[c * 12 + y * 4 + x], 1e-5, "channel " + c + " cell " + y + "," + x);
        }
      }
    }
  }

  @Test
  void fixedWeightsAreNoParametersButTheSummaryCountsThem() {
    Model model = compile("Edges", """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Edges {
          @FixedConv2D(value = FixedKernel.GAUSSIAN, size = 5, sigma = 1.5, padding = SAME) Layer blur;
          @Conv2D(filters = 2, kernel = 3, activation = RELU) Layer conv;
          @GaussianPool2D(2) Layer pool;
          @Dense(units = 3, activation = SOFTMAX) Layer fc;
        }
        """);
    // conv 2 x 1 x 3 x 3 + 2 and fc 3 x 18 + 3: the blur and the pooling add nothing to train or to save.
    assertEquals(List.of("conv.weight", "conv.bias", "fc.weight", "fc.bias"),
        model.parameterSpecs().stream().map(p -> p.name()).toList());
    assertEquals(20 + 57, model.parameterCount());
    assertEquals(77, model.gradients().length);
    String summary = model.summary();
    assertTrue(summary.contains("Fixed weights: 29 (constants of the generated code, not trained)"), summary);
    assertTrue(summary.contains("Total parameters: 77"), summary);
  }
}
