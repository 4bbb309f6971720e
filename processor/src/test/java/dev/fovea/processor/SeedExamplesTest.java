package dev.fovea.processor;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.processor.testing.Specs.avgPool;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.maxPool;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Precision;
import org.junit.jupiter.api.Test;

/** Small hand-computed convolution, pooling and output-size examples, run through the generated code. */
class SeedExamplesTest {

  private static double[] range(double from, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = from + i;
    }
    return values;
  }

  /** Generates the network, writes {@code weights} from the first layer's weight offset, and runs one sample. */
  private static double[] run(NetworkPlan plan, double[] weights, double[] sample) {
    TestNet net = Generated.instantiate(plan, Precision.FLOAT);
    assertEquals(weights.length, net.parameterCount());
    if (weights.length > 0) {
      int offset = plan.layers().get(0).weight().orElseThrow().offset();
      for (int i = 0; i < weights.length; i++) {
        net.setParameter(offset + i, weights[i]);
      }
    }
    return net.forward(sample);
  }

  private static NetworkPlan plan(Shape input, LayerSpec layer) {
    return Generated.plan(network(input, layer));
  }

  private static NetworkPlan convNoBias(Shape input, int kh, int kw, int sh, int sw) {
    return plan(input, conv("c", 1, kh, kw, sh, sw, PaddingSpec.VALID, false, LINEAR));
  }

  @Test
  void singleChannelConvolution() {
    NetworkPlan plan = convNoBias(input(1, 3, 3), 2, 2, 1, 1);
    assertEquals(Shape.spatial(1, 2, 2), plan.output());
    // [[0,1,2],[3,4,5],[6,7,8]] * [[0,1],[2,3]]: e.g. 0*0 + 1*1 + 3*2 + 4*3 = 19.
    assertArrayEquals(new double[] {19, 25, 37, 43}, run(plan, new double[] {0, 1, 2, 3}, range(0, 9)));
  }

  @Test
  void twoChannelConvolutionSumsOverChannels() {
    NetworkPlan plan = convNoBias(input(2, 3, 3), 2, 2, 1, 1);
    double[] sample = new double[18];
    System.arraycopy(range(0, 9), 0, sample, 0, 9);
    System.arraycopy(range(1, 9), 0, sample, 9, 9);
    // Channel 0 gives 19 25 37 43 as above; channel 1, [[1,2,3],[4,5,6],[7,8,9]] * [[1,2],[3,4]], gives
    // 1+4+12+20 = 37, 2+6+15+24 = 47, 4+10+21+32 = 67, 5+12+24+36 = 77.
    assertArrayEquals(new double[] {56, 72, 104, 120},
        run(plan, new double[] {0, 1, 2, 3, 1, 2, 3, 4}, sample));
  }

  private static final double[] POOL_INPUT = {
    2, 3, 1, 9,
    4, 7, 3, 5,
    8, 2, 2, 2,
    1, 3, 4, 5,
  };

  @Test
  void maxPooling() {
    NetworkPlan plan = plan(input(1, 4, 4), maxPool("p", 2));
    assertEquals(Shape.spatial(1, 2, 2), plan.output());
    assertArrayEquals(new double[] {7, 9, 8, 5}, run(plan, new double[0], POOL_INPUT));
  }

  @Test
  void averagePooling() {
    NetworkPlan plan = plan(input(1, 4, 4), avgPool("p", 2));
    assertArrayEquals(new double[] {4, 4.5, 3.5, 3.25}, run(plan, new double[0], POOL_INPUT));
  }

  @Test
  void outputSizeFormula() {
    assertEquals(28, ShapeInference.outputSize(28, 2, 2, 5, 1));
    assertEquals(15, ShapeInference.outputSize(32, 0, 0, 3, 2));
    assertEquals(4, ShapeInference.outputSize(7, 1, 1, 3, 2));
    assertEquals(24, ShapeInference.outputSize(28, 0, 0, 5, 1));
    assertEquals(1, ShapeInference.outputSize(5, 0, 0, 5, 3));
  }

  @Test
  void inferredShapes() {
    LayerPlan c1 = plan(input(1, 28, 28),
        conv("c1", 6, 5, 5, 1, 1, PaddingSpec.explicit(2, 2, 2, 2), true, LINEAR)).layers().get(0);
    assertEquals(Shape.spatial(6, 28, 28), c1.output());
    assertEquals(Shape.spatial(1, 32, 32), c1.padded());
    assertEquals(Shape.spatial(4, 15, 15), plan(input(3, 32, 32), conv("c", 4, 3, 3, 2, 2,
        PaddingSpec.VALID, true, LINEAR)).output());
    assertEquals(Shape.spatial(2, 4, 4), plan(input(1, 7, 7), conv("c", 2, 3, 3, 2, 2,
        PaddingSpec.explicit(1, 1, 1, 1), true, LINEAR)).output());
  }

  @Test
  void samePaddingWithStrideTwo() {
    LayerPlan odd = plan(input(1, 7, 7), conv("c", 1, 3, 3, 2, 2, PaddingSpec.SAME, true, LINEAR)).layers().get(0);
    assertEquals(Shape.spatial(1, 4, 4), odd.output());
    assertEquals(new LayerPlan.Padding(1, 1, 1, 1), odd.padding());
    LayerPlan even = plan(input(1, 8, 8), conv("c", 1, 3, 3, 2, 2, PaddingSpec.SAME, true, LINEAR)).layers().get(0);
    assertEquals(Shape.spatial(1, 4, 4), even.output());
    // Keras puts the odd padding cell at the bottom and right.
    assertEquals(new LayerPlan.Padding(0, 1, 0, 1), even.padding());
  }

  @Test
  void separateVerticalAndHorizontalStrides() {
    // Kernel 5x3, strides 3 (down) x 2 (across) on 20x11: floor(15/3)+1 = 6 rows, floor(8/2)+1 = 5 columns.
    NetworkPlan plan = convNoBias(input(1, 20, 11), 5, 3, 3, 2);
    assertEquals(Shape.spatial(1, 6, 5), plan.output());
    // A kernel that only picks its bottom-right tap makes output(oy, ox) = input(3*oy + 4, 2*ox + 2).
    double[] kernel = new double[15];
    kernel[14] = 1;
    double[] out = run(plan, kernel, range(0, 20 * 11));
    double[] expected = new double[30];
    for (int oy = 0; oy < 6; oy++) {
      for (int ox = 0; ox < 5; ox++) {
        expected[oy * 5 + ox] = (3 * oy + 4) * 11 + 2 * ox + 2;
      }
    }
    assertArrayEquals(expected, out);
  }

  @Test
  void annotatedStridesAndKernelAreVerticalThenHorizontal() throws ReflectiveOperationException {
    String source = """
        package demo;

        import dev.fovea.annotations.*;

        @Network(input = @Input(channels = 1, height = 20, width = 11))
        public class Strided {
          @Conv2D(filters = 2, kernel = {5, 3}, strides = {3, 2}) Layer c;
        }
        """;
    Compilation compilation = Generated.compileAnnotated(JavaFileObjects.forSourceString("demo.Strided", source));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    Class<?> net = Generated.load(compilation, "demo.StridedNet");
    assertEquals(2 * 6 * 5, net.getField("OUTPUT_SIZE").getInt(null));
    int[][] shapes = (int[][]) net.getMethod("parameterShapes").invoke(null);
    assertArrayEquals(new int[] {2, 1, 5, 3}, shapes[0]);
    String summary = (String) net.getMethod("summary").invoke(null);
    assertEquals(true, summary.contains("[2, 6, 5]"), summary);
  }
}
