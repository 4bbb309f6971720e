package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding generated classes, rejecting contract breakers, and forward/backward through replicas. */
class ModelTest {

  @Test
  void bindsStaticMetadata() {
    Model m = Model.of(TinyDenseNet.class);
    assertEquals("TinyDense", m.name());
    assertEquals(1, m.inputChannels());
    assertEquals(2, m.inputHeight());
    assertEquals(2, m.inputWidth());
    assertEquals(4, m.inputSize());
    assertEquals(3, m.outputSize());
    assertEquals("SOFTMAX", m.outputActivation());
    assertEquals(List.of("0", "1", "2"), m.labels());
    assertEquals(15, m.parameterCount());
    assertEquals(List.of(
        new ParameterSpec("fc.weight", new int[] {3, 4}, 0, 12, 4, 3, "glorot_uniform"),
        new ParameterSpec("fc.bias", new int[] {3}, 12, 3, 4, 3, "zeros")), m.parameterSpecs());
    assertEquals("[3,4]", m.parameterSpec("fc.weight").shapeString());
    assertTrue(m.summary().startsWith("TinyDense"));
    assertEquals(List.of("left", "middle", "right"), Model.of(TinyMlpNet.class).labels());
  }

  @Test
  void forNetworkLoadsTheGeneratedSibling() {
    Model m = Model.forNetwork(TinyDense.class);
    assertSame(TinyDenseNet.class, m.generatedClass());
    assertTrue(m.network() instanceof TinyDenseNet);
  }

  @Test
  void namesTheGeneratedClassAsTheProcessorDoes() {
    assertEquals("dev.fovea.runtime.ModelTest_Inner_DeeperNet", Model.generatedName(Inner.Deeper.class));
    // A top-level class whose name holds '$' keeps it: the processor wrote C14$XNet, not C14_XNet.
    assertEquals("dev.fovea.runtime.C14$XNet", Model.generatedName(C14$X.class));
  }

  static class Inner {
    static class Deeper {}
  }

  @Test
  void forNetworkExplainsAMissingGeneratedClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.forNetwork(ModelTest.class));
    assertEquals("no generated class dev.fovea.runtime.ModelTestNet: is fovea-processor on the "
        + "annotationProcessorPaths?", e.getMessage());
  }

  @Test
  void rejectsAClassThatIsNotAGeneratedNetwork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.of(TinyDense.class));
    assertEquals("dev.fovea.runtime.TinyDense is not a valid Fovea generated network: no public TinyDense(float[])",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Model.of(NoBackwardNet.class));
    assertEquals("dev.fovea.runtime.ModelTest$NoBackwardNet is not a valid Fovea generated network: "
        + "no public void backward(float[])", e.getMessage());
  }

  /** Has everything up to forward, but no backward pass. */
  public static final class NoBackwardNet {
    public NoBackwardNet() {}

    public NoBackwardNet(float[] p) {}

    public float[] parameters() {
      return null;
    }

    public float[] gradients() {
      return null;
    }

    public float[] forward(float[] in, int offset) {
      return in;
    }
  }

  @Test
  void forwardBackwardAndGradientsGoThroughTheInstance() {
    float[] params = new float[15];
    params[0] = 1; // out0 = x0
    params[12 + 1] = 0.5f; // out1 = 0.5
    Model m = Model.of(TinyDenseNet.class, params);
    assertSame(params, m.parameters());
    float[] input = {9, 9, 2, 3, 4, 5};
    assertArrayEquals(new float[] {2, 0.5f, 0}, m.forward(input, 2));
    assertEquals(0, m.predict(input, 2));
    m.backward(new float[] {1, 0, -1});
    m.backward(new float[] {1, 0, -1});
    float[] g = m.gradients();
    assertArrayEquals(new float[] {4, 6, 8, 10}, java.util.Arrays.copyOfRange(g, 0, 4));
    assertArrayEquals(new float[] {-4, -6, -8, -10}, java.util.Arrays.copyOfRange(g, 8, 12));
    assertArrayEquals(new float[] {2, 0, -2}, java.util.Arrays.copyOfRange(g, 12, 15));
    m.zeroGradients();
    assertArrayEquals(new float[15], m.gradients());
  }

  @Test
  void replicaSharesParametersButNotGradients() {
    Model m = Model.of(TinyDenseNet.class);
    Model r = m.replica();
    assertSame(m.parameters(), r.parameters());
    assertNotSame(m.gradients(), r.gradients());
    assertSame(m.generatedClass(), r.generatedClass());
    m.parameters()[12] = 1;
    r.forward(new float[4], 0);
    r.backward(new float[] {1, 1, 1});
    assertEquals(1f, r.gradients()[12]);
    assertEquals(0f, m.gradients()[12]);
  }

  @Test
  void checksArgumentSizes() {
    Model m = Model.of(TinyDenseNet.class);
    assertThrows(IndexOutOfBoundsException.class, () -> m.forward(new float[5], 2));
    assertThrows(IndexOutOfBoundsException.class, () -> m.backward(new float[2]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Model.of(TinyDenseNet.class, new float[14]));
    assertEquals("TinyDense has 15 parameters, the array has 14", e.getMessage());
  }
}

/** A top-level class with a '$' in its name, as in the probe {@code C14$X}. */
class C14$X {}
