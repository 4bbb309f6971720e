package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.ParameterSpec;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.SafeTensors.Tensor;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graph networks (fan-out into a residual add, a projection shortcut, four-branch Inception concats, standalone
 * activations, padded and ceil-mode pooling, global pooling, blocks used twice) give PyTorch's logits, mean
 * cross-entropy loss and parameter gradients on PyTorch's weights and inputs, on both backends. The PyTorch twins
 * of these declarations and the fixtures they wrote are in {@code src/test/resources/pytorch}
 * (make_graph_fixtures.py); this test needs no Python.
 */
class GraphInteropTest {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/pytorch");
  /**
   * Per tensor: max |fovea - pytorch| / max |pytorch|. The reference ran in float64, so this is Fovea's float32
   * rounding alone (the bound).
   */
  private static final double TOLERANCE = 1e-4;
  private static final Map<String, Compilation> COMPILED = new ConcurrentHashMap<>();

  private static final String RESIDUAL_IDENTITY = """
      @Network(input = @Input(channels = 3, height = 8, width = 8))
      class ResidualIdentity {
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer stem;
        @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false, activation = RELU) Layer conv1;
        @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false) Layer conv2;
        @Add(from = {"conv2", "stem"}, activation = RELU) Layer add;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  private static final String RESIDUAL_PROJECTION = """
      @Block(args = "planes")
      class Down {
        @Conv2D(filters = Block.ARG1, kernel = 3, strides = 2, padding = 1, bias = false, activation = RELU)
        Layer conv1;
        @Conv2D(filters = Block.ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
        @Conv2D(filters = Block.ARG1, kernel = 1, strides = 2, bias = false, from = "input", name = "downsample.0")
        Layer downsample;
        @Add(from = {"conv2", "downsample.0"}, activation = RELU) Layer add;
      }

      @Network(input = @Input(channels = 3, height = 8, width = 8))
      class ResidualProjection {
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer stem;
        @Use(value = Down.class, args = 8, name = "layer2.0") Layer layer2;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  /** GoogLeNet.java's blocks, used twice on a small input. */
  private static final String INCEPTION = """
      @Block(args = {"filters", "kernel", "padding"})
      class BasicConv2d {
        @Conv2D(filters = Block.ARG1, kernel = Block.ARG2, padding = Block.ARG3, bias = false, activation = RELU)
        Layer conv;
      }

      @Block(args = {"ch1x1", "ch3x3red", "ch3x3", "ch5x5red", "ch5x5", "poolProj"})
      class Inception {
        @Use(value = BasicConv2d.class, args = {Block.ARG1, 1, 0}, name = "branch1") Layer branch1;
        @Use(value = BasicConv2d.class, args = {Block.ARG2, 1, 0}, name = "branch2.0", from = "input") Layer b20;
        @Use(value = BasicConv2d.class, args = {Block.ARG3, 3, 1}, name = "branch2.1") Layer b21;
        @Use(value = BasicConv2d.class, args = {Block.ARG4, 1, 0}, name = "branch3.0", from = "input") Layer b30;
        @Use(value = BasicConv2d.class, args = {Block.ARG5, 3, 1}, name = "branch3.1") Layer b31;
        @MaxPool2D(value = 3, strides = 1, padding = 1, ceil = true, name = "branch4.0", from = "input") Layer pool;
        @Use(value = BasicConv2d.class, args = {Block.ARG6, 1, 0}, name = "branch4.1") Layer b41;
        @Concat(from = {"branch1", "branch2.1", "branch3.1", "branch4.1"}) Layer cat;
      }

      @Network(input = @Input(channels = 3, height = 8, width = 8))
      class FourBranches {
        @Conv2D(filters = 8, kernel = 3, padding = 1, activation = RELU) Layer stem;
        @Use(value = Inception.class, args = {4, 3, 4, 2, 3, 3}) Layer inception3a;
        @Use(value = Inception.class, args = {4, 4, 6, 2, 2, 4}) Layer inception3b;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  /** 2x11x11 -> 6x11x11 -> max pool 6x6x6 -> two blocks -> ceil-mode average pool 6x4x4 -> [12] -> 5. */
  private static final String POOLING = """
      @Block(args = "filters")
      class ConvTanh {
        @Conv2D(filters = Block.ARG1, kernel = 3, padding = 1) Layer conv;
        @Activate(TANH) Layer act;
      }

      @Network(input = @Input(channels = 2, height = 11, width = 11))
      class Pooling {
        @Conv2D(filters = 6, kernel = 3, padding = 1, bias = false) Layer conv1;
        @Activate(RELU) Layer relu1;
        @MaxPool2D(value = 3, strides = 2, padding = 1) Layer maxpool;
        @Use(value = ConvTanh.class, args = 6, name = "stage.0") Layer stage0;
        @Use(value = ConvTanh.class, args = 6, name = "stage.1") Layer stage1;
        @AvgPool2D(value = 3, strides = 2, padding = 1, ceil = true) Layer avgpool;
        @GlobalAvgPool2D Layer gap;
        @GlobalMaxPool2D(from = "avgpool") Layer gmp;
        @Concat(from = {"gap", "gmp"}) Layer both;
        @Dense(units = 5, activation = SOFTMAX) Layer fc;
      }
      """;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String backend : new String[] {"portable", "vector"}) {
      cases.add(Arguments.of("residual_identity", "ResidualIdentity", RESIDUAL_IDENTITY, backend));
      cases.add(Arguments.of("residual_projection", "ResidualProjection", RESIDUAL_PROJECTION, backend));
      cases.add(Arguments.of("inception", "FourBranches", INCEPTION, backend));
      cases.add(Arguments.of("pooling", "Pooling", POOLING, backend));
      KindInteropSources.cases(backend).forEach(cases::add);
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} ({3})")
  @MethodSource("cases")
  void logitsLossAndEveryGradientMatchPytorch(String fixture, String network, String body, String backend) {
    Compilation compilation = COMPILED.computeIfAbsent(network,
        n -> Generated.compileAnnotatedWithVector(source(n, body)));
    assertThat(compilation).succeeded();
    String suffix = backend.equals("vector") ? "NetVector" : "Net";
    Model model = Model.of(Generated.load(compilation, "test." + network + suffix));
    assertEquals(backend, model.backend());
    SafeTensors.load(model, DIR.resolve("graph_" + fixture + ".safetensors"));
    Map<String, Tensor> expected = SafeTensors.read(DIR.resolve("graph_" + fixture + "_outputs.safetensors"));

    Tensor inputs = expected.get("inputs");
    // PyTorch's sequences are [N, C, L]; Fovea holds them as height 1.
    int[] shape = inputs.shape().length == 3 ? new int[] {8, model.inputChannels(), model.inputWidth()}
        : new int[] {8, model.inputChannels(), model.inputHeight(), model.inputWidth()};
    assertArrayEquals(shape, inputs.shape());
    float[] labels = expected.get("labels").data();
    int samples = labels.length;
    int classes = model.outputSize();
    float[] logits = new float[samples * classes];
    float[] outputGradient = new float[classes];
    double loss = 0;
    model.zeroGradients();
    for (int s = 0; s < samples; s++) {
      float[] out = model.forward(inputs.data(), s * model.inputSize());
      System.arraycopy(out, 0, logits, s * classes, classes);
      loss += SoftmaxCrossEntropy.lossAndGradient(out, classes, (int) labels[s], outputGradient);
      model.backward(outputGradient);
    }
    loss /= samples; // PyTorch's loss is the batch mean, so its gradients are the per-sample sums over 8

    StringBuilder report = new StringBuilder(fixture + " (" + backend + ") relative differences:");
    check("logits", toDoubles(logits, 1), expected.get("logits").data(), report);
    check("loss", new double[] {loss}, expected.get("loss").data(), report);
    float[] gradients = model.gradients();
    for (ParameterSpec p : model.parameterSpecs()) {
      Tensor reference = expected.get("grad." + p.name());
      assertTrue(reference != null, "no PyTorch gradient for " + p.name());
      assertArrayEquals(reference.shape(), p.shape(), p.name());
      float[] mine = Arrays.copyOfRange(gradients, p.offset(), p.offset() + p.length());
      check("grad " + p.name(), toDoubles(mine, samples), reference.data(), report);
    }
    assertEquals(expected.keySet().stream().filter(k -> k.startsWith("grad.")).count(),
        model.parameterSpecs().size(), "every PyTorch parameter is one of Fovea's");
    System.out.println(report);
  }

  /** Fails when max |actual - expected| exceeds TOLERANCE x max |expected| (nothing is all zeros here). */
  private static void check(String what, double[] actual, float[] expected, StringBuilder report) {
    assertEquals(expected.length, actual.length, what + " size");
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    assertTrue(scale > 0, what + ": PyTorch's tensor is all zeros, so it checks nothing");
    double relative = worst / scale;
    report.append(String.format("%n  %-40s %.2e", what, relative));
    double[] shown = actual;
    assertTrue(relative <= TOLERANCE, () -> what + ": max |fovea - pytorch| / max |pytorch| = " + relative
        + "\n  fovea   " + Arrays.toString(Arrays.copyOf(shown, Math.min(12, shown.length)))
        + "\n  pytorch " + Arrays.toString(Arrays.copyOf(expected, Math.min(12, expected.length))));
  }

  private static double[] toDoubles(float[] values, int divisor) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (double) values[i] / divisor;
    }
    return result;
  }
}
