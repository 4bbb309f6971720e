package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.ParameterSpec;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.SafeTensors.Tensor;
import dev.fovea.runtime.Sgd;
import dev.fovea.runtime.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch norm trains as PyTorch's does: one SGD step on a batch of 16 (batch statistics, a residual Add reading a
 * batch norm, a batch norm on a flat input) gives PyTorch's loss and gradients, its running statistics and
 * counters, and then its evaluation-mode logits, on both backends and on 1 or 2 threads; 16 samples make 8 shards
 * of two, so each shard runs two siblings that share its gradients and scratch buffers. The PyTorch twin and
 * the fixtures are in {@code src/test/resources/pytorch} (make_batchnorm_fixtures.py); no Python is needed here.
 */
class BatchNormInteropTest {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/pytorch");
  private static final double TOLERANCE = 1e-4;
  private static final float LEARNING_RATE = 0.1f;
  private static final String NETWORK = """
      @Network(input = @Input(channels = 2, height = 6, width = 6))
      class BatchNormNet {
        @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false) Layer conv1;
        @BatchNorm2D(activation = RELU) Layer bn1;
        @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false) Layer conv2;
        @BatchNorm2D(momentum = 0.2) Layer bn2;
        @Add(from = {"bn2", "bn1"}, activation = RELU) Layer add;
        @GlobalAvgPool2D Layer pool;
        @Dense(units = 6) Layer fc1;
        @BatchNorm2D(eps = 1e-3, activation = TANH) Layer bn3;
        @Dense(units = 3, activation = SOFTMAX) Layer fc2;
      }
      """;
  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Generated.compileAnnotatedWithVector(source("BatchNormNet", NETWORK));
    assertThat(compilation).succeeded();
  }

  @ParameterizedTest(name = "{0}, {1} thread(s)")
  @CsvSource({"portable, 1", "portable, 2", "vector, 1", "vector, 2"})
  void oneStepMatchesPytorch(String backend, int threads) {
    Model model = Model.of(Generated.load(compilation, "test.BatchNormNet" + (backend.equals("vector")
        ? "NetVector" : "Net")));
    assertEquals(4, model.stages());
    SafeTensors.load(model, DIR.resolve("batchnorm.safetensors"));
    float[] before = model.parameters().clone();
    Map<String, Tensor> expected = SafeTensors.read(DIR.resolve("batchnorm_outputs.safetensors"));
    float[] labels = expected.get("labels").data();
    int[] classes = new int[labels.length];
    Arrays.setAll(classes, i -> (int) labels[i]);
    Dataset batch = new Dataset("batch", 2, 6, 6, expected.get("inputs").data(), classes, 3);

    StringBuilder report = new StringBuilder(backend + ", " + threads + " thread(s), relative differences:");
    try (Trainer trainer = new Trainer(model, new Sgd(LEARNING_RATE), new Trainer.Config(1, 16, 1, threads))) {
      check("loss", new double[] {trainer.runEpoch(batch, 1).loss()}, expected.get("loss").data(), report);
    }
    float[] after = model.parameters();
    for (ParameterSpec p : model.parameterSpecs()) {
      double[] mine = new double[p.length()];
      for (int i = 0; i < mine.length; i++) {
        int at = p.offset() + i;
        // SGD moved each weight by -lr * gradient, so the step gives the gradient back.
        mine[i] = p.trainable() ? (before[at] - (double) after[at]) / LEARNING_RATE : after[at];
      }
      Tensor reference = expected.get((p.trainable() ? "grad." : "after.") + p.name());
      assertTrue(reference != null, "no PyTorch tensor for " + p.name());
      check(p.name(), mine, reference.data(), report);
    }
    float[] logits = new float[16 * 3];
    for (int s = 0; s < 16; s++) {
      System.arraycopy(model.forward(batch.images(), s * 72), 0, logits, s * 3, 3);
    }
    check("evaluation logits after the step", toDoubles(logits), expected.get("eval_logits").data(), report);
    System.out.println(report);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"portable", "vector"})
  void theSameSeedGivesTheSameWeightsOnOneOrTwoThreads(String backend) {
    float[][] weights = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      Model model = Model.of(Generated.load(compilation, "test.BatchNormNet" + (backend.equals("vector")
          ? "NetVector" : "Net")));
      SafeTensors.load(model, DIR.resolve("batchnorm.safetensors"));
      Map<String, Tensor> expected = SafeTensors.read(DIR.resolve("batchnorm_outputs.safetensors"));
      int[] classes = new int[16];
      Arrays.setAll(classes, i -> (int) expected.get("labels").data()[i]);
      Dataset data = new Dataset("batch", 2, 6, 6, expected.get("inputs").data(), classes, 3);
      // Batches of 11: eight shards of one or two samples, then a last batch of 5.
      try (Trainer trainer = new Trainer(model, new Sgd(LEARNING_RATE), new Trainer.Config(2, 11, 5, threads))) {
        trainer.fit(data, null);
      }
      weights[threads - 1] = model.parameters().clone();
    }
    assertArrayEquals(weights[0], weights[1]);
  }

  private static double[] toDoubles(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /** Fails when max |actual - expected| exceeds TOLERANCE x max |expected| (or 1e-5 when that is zero). */
  private static void check(String what, double[] actual, float[] expected, StringBuilder report) {
    assertEquals(expected.length, actual.length, what + " size");
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    if (scale < 1e-6) {
      // fc1's bias: a batch norm right after it subtracts any shift, so its true gradient is zero, and ours
      // (read back from a float32 step) is zero to within the weights' rounding.
      double absolute = worst;
      report.append(String.format("%n  %-40s %.2e (absolute; zero in PyTorch)", what, absolute));
      assertTrue(absolute <= 1e-5, () -> what + ": PyTorch's is zero, Fovea's up to " + absolute);
      return;
    }
    double relative = worst / scale;
    report.append(String.format("%n  %-40s %.2e", what, relative));
    assertTrue(relative <= TOLERANCE, () -> what + ": max |fovea - pytorch| / max |pytorch| = " + relative
        + "\n  fovea   " + Arrays.toString(Arrays.copyOf(actual, Math.min(12, actual.length)))
        + "\n  pytorch " + Arrays.toString(Arrays.copyOf(expected, Math.min(12, expected.length))));
  }
}
