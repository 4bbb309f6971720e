package dev.fovea.processor.export;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.ClassName;
import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.write.Precision;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind and option of {@code NetworkCases}: the spec survives its resource format, and the exported
 * forward-only class (keeping only the scratch buffers its forward pass reads) compiles and gives the runtime's
 * probabilities bit for bit.
 */
class EveryLayerKindExportTest {
  private static final List<String> AWKWARD_LABELS = List.of(" leading blank", "a=b:c#!", "back\\slash",
      "new\nline", "ünïcödé €", "");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void specSurvivesItsResourceFormat(String name, NetworkSpec spec) {
    assertEquals(spec, SpecFile.read(SpecFile.write(spec)));
    NetworkSpec labelled = new NetworkSpec(spec.packageName(), spec.userClassName(), spec.generatedClassName(),
        spec.input(), spec.layers(), AWKWARD_LABELS);
    assertEquals(labelled, SpecFile.read(SpecFile.write(labelled)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void exportedForwardPassEqualsTheRuntimes(String name, NetworkSpec spec) throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    String network = spec.packageName() + "." + spec.generatedClassName();
    ClassName exported = ClassName.get(spec.packageName(), spec.userClassName() + "Classifier");
    Random random = new Random(11);
    float[] params = new float[plan.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) random.nextGaussian() * 0.5f;
    }
    for (ParamPlan p : plan.params()) {
      if (p.init().equals("buffer:ones")) {
        // A batch norm's running variance: positive, or every output would be NaN and compare equal.
        for (int i = p.offset(); i < p.offset() + p.length(); i++) {
          params[i] = Math.abs(params[i]) + 0.5f;
        }
      }
    }
    String source = ClassifierSource.write(plan, exported, null, false,
        WeightsCode.embedded(exported, WeightsCode.bytes(params)));
    Compilation compilation = javac().compile(
        JavaFileObjects.forSourceString(network, Generated.source(plan, Precision.FLOAT)),
        JavaFileObjects.forSourceString(exported.canonicalName(), source));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    Model model = Model.of(Generated.load(compilation, network), params);
    Class<?> type = Generated.load(compilation, exported.canonicalName());
    var probabilities = type.getMethod("probabilities", float[].class);
    var predict = type.getMethod("predict", float[].class);
    boolean softmax = spec.layers().get(spec.layers().size() - 1).activation() != Activation.SIGMOID;
    for (int sample = 0; sample < 3; sample++) {
      float[] input = new float[model.inputSize()];
      for (int i = 0; i < input.length; i++) {
        input[i] = random.nextFloat();
      }
      float[] expected = model.forward(input, 0).clone();
      for (float v : expected) {
        assertTrue(Float.isFinite(v), name + ": the runtime's output is not finite, so the comparison checks nothing");
      }
      if (softmax) {
        SoftmaxCrossEntropy.softmax(expected, expected);
      }
      assertArrayEquals(expected, (float[]) probabilities.invoke(null, (Object) input), name);
      assertEquals(model.predict(input, 0), predict.invoke(null, (Object) input), name);
    }
  }
}
