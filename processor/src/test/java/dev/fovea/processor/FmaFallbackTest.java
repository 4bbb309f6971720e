package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.ReferenceNetwork;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.FmaCode;
import dev.fovea.processor.write.Precision;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multiply-add path of both backends for machines without hardware FMA (where fma runs in software, 100x+
 * slower): chosen when the class initialises, and computing what the fused path computes within the float-vs-double
 * tolerance of {@link ReferenceComparisonTest}, on every network case.
 */
class FmaFallbackTest {
  private static final String PROPERTY = FmaCode.PROPERTY;

  @AfterEach
  void clearProperty() {
    System.clearProperty(PROPERTY);
    System.clearProperty(Model.BACKEND_PROPERTY);
  }

  @Test
  void withoutHardwareFmaBothClassesMultiplyAndAddAndAgree() throws Exception {
    System.setProperty(PROPERTY, "false");
    Compilation compilation = Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5());
    Class<?> user = Generated.load(compilation, "demo.LeNet5");
    Model vector = Model.forNetwork(user);
    assertEquals("vector", vector.backend());
    assertFalse(fmaFlag(vector.generatedClass()), "FMA read at class initialisation");
    System.setProperty(Model.BACKEND_PROPERTY, "portable");
    Model portable = Model.forNetwork(user);
    assertEquals("portable", portable.backend());
    assertFalse(fmaFlag(portable.generatedClass()), "FMA read at class initialisation");

    Initializer.initialize(vector, 5);
    System.arraycopy(vector.parameters(), 0, portable.parameters(), 0, vector.parameterCount());
    Random random = new Random(3);
    float[] input = new float[vector.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }
    float[] outputGradient = new float[vector.outputSize()];
    for (int i = 0; i < outputGradient.length; i++) {
      outputGradient[i] = random.nextFloat() - 0.5f;
    }
    // One rounding more per multiply-add than Math.fma: equal within float rounding, forward and backward.
    assertClose(portable.forward(input, 0), vector.forward(input, 0).clone(), "logit");
    vector.zeroGradients();
    portable.zeroGradients();
    vector.backward(outputGradient);
    portable.backward(outputGradient);
    assertClose(portable.gradients(), vector.gradients(), "gradient");
  }

  @Test
  void detectsWhatTheCpuReports() throws Exception {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    assumeTrue(Files.isReadable(cpuinfo) && System.getProperty("os.arch").matches("amd64|x86_64"),
        "the CPU's flags are read from Linux's /proc/cpuinfo on x86");
    boolean fmaUnit = Files.readAllLines(cpuinfo).stream()
        .filter(line -> line.startsWith("flags"))
        .findFirst()
        .map(line -> (line + " ").contains(" fma "))
        .orElseThrow();
    Compilation compilation = Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5());
    Model vector = Model.forNetwork(Generated.load(compilation, "demo.LeNet5"));
    assertEquals(fmaUnit, fmaFlag(vector.generatedClass()), "FMA as /proc/cpuinfo reports it");
    assertEquals(fmaUnit, fmaFlag(Generated.load(compilation, "demo.LeNet5Net")), "the portable class's FMA");
  }

  /**
   * Every network case on both backends with multiply-adds: float forward against the double reference, float
   * gradients against the double build of the same code (also multiplying and adding).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void withoutHardwareFmaEveryCaseStaysWithinTheReferenceTolerance(String name, NetworkSpec spec, Backend backend)
      throws Exception {
    System.setProperty(PROPERTY, "false");
    NetworkPlan plan = Generated.plan(spec);
    TestNet single = Generated.instantiate(plan, Precision.FLOAT, backend);
    TestNet dual = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(19);
    single.randomize(random);
    double[] params = new double[single.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = single.parameter(i);
      dual.setParameter(i, params[i]);
    }
    double[] input = new double[single.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    double[] expected = ReferenceNetwork.forward(plan, params, input);
    double[] actual = single.forward(input);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), name + " output " + i);
    }
    double[] r = new double[expected.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (random.nextDouble() - 0.5);
    }
    single.backward(r);
    dual.forward(input);
    dual.backward(r);
    double scale = 0;
    for (int i = 0; i < dual.parameterCount(); i++) {
      scale = Math.max(scale, Math.abs(dual.gradient(i)));
    }
    for (int i = 0; i < dual.parameterCount(); i++) {
      assertEquals(dual.gradient(i), single.gradient(i), 1e-5 * Math.max(1, scale), name + " gradient " + i);
    }
  }

  private static boolean fmaFlag(Class<?> generated) throws ReflectiveOperationException {
    Field fma = generated.getDeclaredField("FMA");
    fma.setAccessible(true);
    return fma.getBoolean(null);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    float scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * Math.max(1, scale), what + " " + i);
    }
  }
}
