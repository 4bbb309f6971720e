package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.lang.reflect.Field;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The vector class holds the products' register blocks for 32 vector registers and for 16, and BIG_BLOCKS picks
 * one set when the class initialises. Each result sums the same terms in the same order whatever the block, so
 * both sets give the same bits; this machine runs the set its CPU gets, and the property forces the other.
 */
class RegisterBlocksTest {
  private static final String PROPERTY = "fovea.blocks";
  private static final String VECTOR_CLASS = "demo.LeNet5NetVector";

  @AfterEach
  void clearProperty() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void bigAndSmallBlocksGiveTheSameBitsForwardAndBackward() throws Exception {
    Compilation compilation = Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5());
    float[][] big = run(compilation, "big");
    float[][] small = run(compilation, "small");
    assertArrayEquals(big[0], small[0], "logits");
    assertArrayEquals(big[1], small[1], "gradients");
  }

  @Test
  void leNetsFirstLayerHasBothBlockShapes() throws Exception {
    Class<?> vector = Generated.load(Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5()), VECTOR_CLASS);
    // c1's 784 cells: 49 vectors of 16 take 4 x 4 blocks, 98 vectors of 8 take 4 x 2 (AVX2's 16 registers).
    vector.getDeclaredMethod("product_c14x4", int.class, int.class);
    vector.getDeclaredMethod("product_c14x2", int.class, int.class);
  }

  /** Forward logits and parameter gradients of one sample, with the blocks the property names. */
  private static float[][] run(Compilation compilation, String blocks) throws Exception {
    System.setProperty(PROPERTY, blocks);
    Class<?> generated = Generated.load(compilation, VECTOR_CLASS);
    Field field = generated.getDeclaredField("BIG_BLOCKS");
    field.setAccessible(true);
    assertEquals(blocks.equals("big"), field.getBoolean(null), "BIG_BLOCKS read at class initialisation");
    Model model = Model.of(generated);
    Initializer.initialize(model, 5);
    Random random = new Random(3);
    float[] input = new float[model.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }
    float[] outputGradient = new float[model.outputSize()];
    for (int i = 0; i < outputGradient.length; i++) {
      outputGradient[i] = random.nextFloat() - 0.5f;
    }
    float[] logits = model.forward(input, 0).clone();
    model.zeroGradients();
    model.backward(outputGradient);
    return new float[][] {logits, model.gradients().clone()};
  }
}
