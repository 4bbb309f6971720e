package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.ClassFileMethods;
import dev.fovea.processor.testing.ClassFileMethods.ClassFile;
import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.Jdk;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The largest model whose weights are embedded (990,099 parameters, just under the 1,000,000 limit): its
 * 5.3 MB of Base64 sit in string constants of 60,000 bytes, and every class stays inside the class-file and
 * JIT limits; one parameter more than a lowered limit moves the weights to a resource.
 */
class EmbedLimitTest {
  private static final String SOURCE = """
      package demo;

      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 1, height = 100, width = 100))
      public class Mid {
        @Dense(units = 99, activation = Activation.SOFTMAX) Layer out;
      }
      """;

  @Test
  void weightsJustUnderTheLimitAreEmbeddedInsideEveryClassFileLimit(@TempDir Path dir) throws Exception {
    URLClassLoader project = CompiledProject.loader(CompiledProject.write(
        Generated.compileAnnotated(JavaFileObjects.forSourceString("demo.Mid", SOURCE)), dir.resolve("project")));
    Model model = Model.of(project.loadClass("demo.MidNet"));
    Random random = new Random(1);
    float[] weights = model.parameters();
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian() * 0.01f;
    }
    assertEquals(990_099, weights.length);
    ClassifierExport export = ClassifierExport.of(project, "demo.MidNet", weights);
    assertFalse(export.usesResource());
    assertTrue(ClassifierExport.of(project, "demo.MidNet", weights).embedLimit(990_098).usesResource());

    ExportResult result = export.writeSource(dir.resolve("src"));
    System.out.println("990,099-parameter export: " + result.summary());
    assertNull(result.resource());
    Path classes = Files.createDirectories(dir.resolve("out"));
    Jdk.Run javac = Jdk.javac(dir, "-d", classes.toString(), "-cp", "", result.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
    ClassFile weightsClass = null;
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
        ClassFile parsed = ClassFileMethods.parse(Files.readAllBytes(file));
        ClassLimits.check(parsed);
        if (parsed.thisClass().endsWith("$Weights")) {
          weightsClass = parsed;
        }
      }
    }
    assertEquals(WeightsCode.CHARS_PER_STRING, weightsClass.longestUtf8(), "the longest string is one full chunk");

    Classifier classifier = Classifier.load(classes, "demo.MidClassifier");
    float[] input = new float[model.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }
    float[] expected = model.forward(input, 0).clone();
    SoftmaxCrossEntropy.softmax(expected, expected);
    assertArrayEquals(expected, classifier.probabilities(input));
    assertEquals(model.predict(input, 0), classifier.predict(input));
  }
}
