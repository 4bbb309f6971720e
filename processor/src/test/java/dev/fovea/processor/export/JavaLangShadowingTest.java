package dev.fovea.processor.export;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network in a package that also declares classes named like java.lang's (Math, System, String...): both
 * backends' generated classes and the exported classifier compile beside them and compute the same numbers.
 */
class JavaLangShadowingTest {
  /** Every java.lang name generated or exported code could use; one class of each name sits beside the network. */
  private static final List<String> SHADOWS = List.of("Math", "System", "Float", "Double", "String", "Integer",
      "Override", "IllegalArgumentException", "IllegalStateException", "Object", "StringBuilder", "ThreadLocal",
      "Class", "Long", "Thread", "ReflectiveOperationException", "RuntimeException", "LinkageError");

  // Every emitter: aligned planes (c1), loops at stride 2 (c2), planar (c3), pooling, dense; GEMM on vector.
  private static final String NETWORK = """
      package shadow;

      import static dev.fovea.annotations.Activation.*;
      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 1, height = 12, width = 12))
      public class Shadowed {
        @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer c1;
        @Conv2D(filters = 4, kernel = 3, strides = 2, activation = TANH) Layer c2;
        @Conv2D(filters = 4, kernel = 2, activation = SIGMOID) Layer c3;
        @MaxPool2D(2) Layer p1;
        @Dense(units = 6, activation = SIGMOID) Layer f1;
        @Dense(units = 3, activation = SOFTMAX) Layer out;
      }
      """;

  private static List<JavaFileObject> shadows() {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String name : SHADOWS) {
      // A plain class, not an annotation or a throwable: any bare use of the name in generated code fails.
      sources.add(JavaFileObjects.forSourceString("shadow." + name, "package shadow;\n\npublic final class "
          + name + " {\n  public static final int NOTHING = 0;\n}\n"));
    }
    return sources;
  }

  @Test
  void bothBackendsAndTheClassifierCompileBesideJavaLangNames(@TempDir Path dir) throws Exception {
    List<JavaFileObject> sources = shadows();
    sources.add(JavaFileObjects.forSourceString("shadow.Shadowed", NETWORK));
    Compilation compilation = Generated.compileAnnotatedWithVector(sources.toArray(JavaFileObject[]::new));
    Path classes = CompiledProject.write(compilation, dir.resolve("classes"));

    Class<?> portable = Generated.load(compilation, "shadow.ShadowedNet");
    Class<?> vector = Generated.load(compilation, "shadow.ShadowedNetVector");
    int count = portable.getField("PARAMETER_COUNT").getInt(null);
    int inputSize = portable.getField("INPUT_SIZE").getInt(null);
    Random random = new Random(3);
    float[] params = new float[count];
    for (int i = 0; i < count; i++) {
      params[i] = (float) random.nextGaussian() * 0.5f;
    }
    float[] input = new float[inputSize];
    for (int i = 0; i < inputSize; i++) {
      input[i] = random.nextFloat();
    }
    float[] outputGradient = {0.25f, -0.5f, 0.25f};
    float[] portableGrads = forwardAndBackward(portable, params, input, outputGradient);
    float[] vectorGrads = forwardAndBackward(vector, params, input, outputGradient);
    for (int i = 0; i < count; i++) {
      assertEquals(portableGrads[i], vectorGrads[i], 1e-4f * Math.max(1, Math.abs(portableGrads[i])),
          "gradient " + i);
    }
    assertTrue(Math.abs(portableGrads[0]) > 0, "c1's first weight got no gradient");

    Path exported = dir.resolve("exported");
    ClassifierExport export = ClassifierExport.of(CompiledProject.loader(classes), "shadow.ShadowedNet", params);
    export.writeSource(exported);
    String name = export.exportedClassName();
    List<JavaFileObject> withClassifier = shadows();
    withClassifier.add(JavaFileObjects.forSourceString(name,
        Files.readString(exported.resolve(name.replace('.', '/') + ".java"))));
    Compilation classifier = javac().compile(withClassifier);
    assertEquals(Compilation.Status.SUCCESS, classifier.status(), () -> classifier.diagnostics().toString());
    float[] expected = Model.of(portable, params).forward(input, 0).clone();
    SoftmaxCrossEntropy.softmax(expected, expected);
    Object probabilities = Generated.load(classifier, name).getMethod("probabilities", float[].class)
        .invoke(null, (Object) input);
    assertArrayEquals(expected, (float[]) probabilities);
  }

  /** One forward and backward pass of a generated class; returns its parameter gradients. */
  private static float[] forwardAndBackward(Class<?> type, float[] params, float[] input, float[] outputGradient)
      throws ReflectiveOperationException {
    Object net = type.getConstructor(float[].class).newInstance((Object) params.clone());
    type.getMethod("forward", float[].class, int.class).invoke(net, input, 0);
    type.getMethod("backward", float[].class).invoke(net, (Object) outputGradient);
    return (float[]) type.getMethod("gradients").invoke(net);
  }
}
