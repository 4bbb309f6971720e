package dev.fovea.processor.export;

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
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;

/**
 * Compiles a network's runtime class on one backend beside its exported classifier (batch norms folded, dropout
 * left out, as {@link ClassifierExport} writes it) and compares their probabilities in evaluation mode: bit for
 * bit when nothing was folded, within {@link #FOLDED_TOLERANCE} relative when a batch norm was.
 */
final class ExportedForward {
  /** How far a folded classifier's probabilities may be from the runtime's, relative to each. */
  static final double FOLDED_TOLERANCE = 1e-5;

  private ExportedForward() {}

  /** Compares three random samples; returns what the exporter folded and dropped. */
  static InferenceFolding.Folded compare(String name, NetworkSpec spec, Backend backend, long seed)
      throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    String network = spec.packageName() + "." + backend.className(spec.generatedClassName());
    ClassName exported = ClassName.get(spec.packageName(), spec.userClassName() + "Classifier");
    Random random = new Random(seed);
    float[] params = parameters(plan, random);
    InferenceFolding.Folded folded = InferenceFolding.fold(plan, params);
    String source = ClassifierSource.write(folded.plan(), exported, null, false,
        WeightsCode.embedded(exported, WeightsCode.bytes(folded.parameters())));
    List<JavaFileObject> sources = new ArrayList<>(List.of(
        JavaFileObjects.forSourceString(network, Generated.source(plan, Precision.FLOAT, backend)),
        JavaFileObjects.forSourceString(exported.canonicalName(), source)));
    if (backend == Backend.VECTOR) {
      sources.add(JavaFileObjects.forSourceString(ClassifierSource.vectorName(exported).canonicalName(),
          ClassifierSource.vector(folded.plan(), exported)));
    }
    Compilation compilation = Generated.compile(backend, sources.toArray(JavaFileObject[]::new));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    Model model = Model.of(Generated.load(compilation, network), params);
    Class<?> type = Generated.load(compilation, exported.canonicalName());
    var probabilities = type.getMethod("probabilities", float[].class);
    var predict = type.getMethod("predict", float[].class);
    // The classifier reads the property once, when it first classifies: here, in this fresh class loader.
    System.setProperty(Model.BACKEND_PROPERTY, backend.name().toLowerCase());
    try {
      assertEquals(backend.name().toLowerCase(), type.getMethod("backend").invoke(null), name);
    } finally {
      System.clearProperty(Model.BACKEND_PROPERTY);
    }
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
      float[] actual = (float[]) probabilities.invoke(null, (Object) input);
      if (folded.exact()) {
        assertArrayEquals(expected, actual, name);
        assertEquals(model.predict(input, 0), predict.invoke(null, (Object) input), name);
      } else {
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], FOLDED_TOLERANCE * Math.abs(expected[i]), name + ", output " + i);
        }
      }
    }
    return folded;
  }

  /** Random weights, with every batch norm's running variance positive, or every output would be NaN. */
  static float[] parameters(NetworkPlan plan, Random random) {
    float[] params = new float[plan.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) random.nextGaussian() * 0.5f;
    }
    for (ParamPlan p : plan.params()) {
      if (p.init().equals("buffer:ones")) {
        for (int i = p.offset(); i < p.offset() + p.length(); i++) {
          params[i] = Math.abs(params[i]) + 0.5f;
        }
      }
    }
    return params;
  }
}
