package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.api.GeneratedNetwork;
import dev.fovea.api.NetworkInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding generated classes through their interface, rejecting others, and forward/backward through replicas. */
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
    assertEquals(String.format(NetworkBinding.INVALID, TinyDense.class.getName(), NetworkBinding.NOT_GENERATED),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Model.of(new MislabelledNet()));
    assertEquals(String.format(NetworkBinding.INVALID, MislabelledNet.class.getName(), "2 labels for 3 outputs"),
        e.getMessage());
  }

  @Test
  void bindsAnInstanceThroughItsInterface() {
    TinyDenseNet net = new TinyDenseNet();
    Model m = Model.of(net);
    assertSame(net, m.network());
    assertSame(net.parameters(), m.parameters());
    assertEquals("TinyDense", m.name());
  }

  /** {@link TinyDenseNet} whose info declares two labels for its three outputs. */
  public static final class MislabelledNet extends OneStageNet {
    private final TinyDenseNet net = new TinyDenseNet();

    @Override
    public NetworkInfo info() {
      NetworkInfo i = net.info();
      return new NetworkInfo(i.name(), i.inputChannels(), i.inputHeight(), i.inputWidth(), i.outputSize(),
          i.parameterCount(), i.outputActivation(), i.stages(), i.sumsSize(), new String[] {"a", "b"},
          i.parameterNames(), i.parameterShapes(), i.parameterOffsets(), i.parameterFanIn(), i.parameterFanOut(),
          i.parameterInit(), i.summary());
    }

    @Override
    public float[] parameters() {
      return net.parameters();
    }

    @Override
    public float[] gradients() {
      return net.gradients();
    }

    @Override
    public float[] forward(float[] in, int offset) {
      return net.forward(in, offset);
    }

    @Override
    public void backward(float[] outputGradient) {
      net.backward(outputGradient);
    }

    @Override
    public void zeroGradients() {
      net.zeroGradients();
    }

    @Override
    public GeneratedNetwork replica() {
      return net.replica();
    }

    @Override
    public GeneratedNetwork sibling() {
      return net.sibling();
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
    assertEquals("TinyDenseNet needs 15 parameters, got 14", e.getMessage());
  }
}

/** A top-level class with a '$' in its name, as in the probe {@code C14$X}. */
class C14$X {}
