package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.ClassFileMethods;
import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.Jdk;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,011,010-parameter model exports to a source plus a checksummed weights resource, compiles with bare
 * javac, stays inside every class-file and JIT limit, predicts as the runtime does, and refuses a damaged or
 * missing resource with one clear message.
 */
class LargeModelExportTest {
  private static final String SOURCE = """
      package demo;

      import static dev.fovea.annotations.Activation.*;
      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 1, height = 100, width = 100))
      public class WideDense {
        @Dense(units = 1000, activation = RELU) Layer hidden;
        @Dense(units = 10, activation = SOFTMAX) Layer output;
      }
      """;
  private static final String CLASSIFIER = "demo.WideDenseClassifier";

  @TempDir static Path dir;
  static Model model;
  static ExportResult result;
  static Path classes;

  @BeforeAll
  static void exportAndCompile() throws Exception {
    URLClassLoader project = CompiledProject.loader(CompiledProject.write(
        Generated.compileAnnotated(JavaFileObjects.forSourceString("demo.WideDense", SOURCE)),
        dir.resolve("project")));
    model = Model.of(project.loadClass("demo.WideDenseNet"));
    Initializer.initialize(model, 3);
    result = ClassifierExport.of(project, "demo.WideDenseNet", model.parameters()).writeSource(dir.resolve("src"));
    System.out.println("10M-parameter export: " + result.summary());
    classes = Files.createDirectories(dir.resolve("out"));
    Jdk.Run javac = Jdk.javac(dir, "-d", classes.toString(), "-cp", "", result.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
    // As a build copies resources beside the classes.
    Files.copy(result.resource(), classes.resolve("demo/WideDenseClassifier.weights"));
  }

  @Test
  void weightsGoToAResourceBesideTheSource() {
    assertEquals(10_011_010, model.parameterCount());
    assertEquals(dir.resolve("src/demo/WideDenseClassifier.weights"), result.resource());
    assertEquals(4L * model.parameterCount(), result.resourceBytes());
    assertTrue(result.sourceBytes() < 100_000, "the weights are not in the source: " + result.summary());
  }

  @Test
  void everyClassStaysFarInsideClassFileAndJitLimits() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertTrue(files.size() >= 4, files::toString);
    for (Path file : files) {
      ClassLimits.check(ClassFileMethods.parse(Files.readAllBytes(file)));
    }
  }

  @Test
  void predictionsEqualTheRuntimes() throws Exception {
    Classifier classifier = Classifier.load(classes, CLASSIFIER);
    Random random = new Random(5);
    for (int sample = 0; sample < 5; sample++) {
      float[] input = new float[model.inputSize()];
      for (int i = 0; i < input.length; i++) {
        input[i] = random.nextFloat();
      }
      float[] expected = model.forward(input, 0).clone();
      SoftmaxCrossEntropy.softmax(expected, expected);
      assertEquals(model.predict(input, 0), classifier.predict(input));
      assertArrayEquals(expected, classifier.probabilities(input));
    }
  }

  @Test
  void theJarCarriesTheResourceAndClassifiesAnIdxFile() throws Exception {
    ExportResult jar = ClassifierExport.of(CompiledProject.loader(dir.resolve("project")), "demo.WideDenseNet",
        model.parameters()).writeJar(dir.resolve("wide-classifier.jar"));
    System.out.println("10M-parameter jar: " + jar.summary());
    Random random = new Random(8);
    byte[][] images = new byte[2][100 * 100];
    ByteArrayOutputStream idx = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(idx);
    out.writeInt(0x0803);
    out.writeInt(images.length);
    out.writeInt(100);
    out.writeInt(100);
    for (byte[] image : images) {
      random.nextBytes(image);
      out.write(image);
    }
    Files.write(dir.resolve("random.idx"), idx.toByteArray());
    Jdk.Run run = Jdk.java(dir, "-jar", jar.jar().toString(), "random.idx");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(images.length, lines.size(), run::toString);
    for (int n = 0; n < images.length; n++) {
      float[] input = new float[images[n].length];
      for (int i = 0; i < input.length; i++) {
        input[i] = (images[n][i] & 0xFF) / 255f;
      }
      float[] p = model.forward(input, 0).clone();
      SoftmaxCrossEntropy.softmax(p, p);
      int label = model.predict(input, 0);
      assertEquals(String.format(Locale.ROOT, "random.idx[%d]: %d %.3f", n, label, p[label]), lines.get(n));
    }
  }

  @Test
  void aDamagedResourceFailsEveryCallWithOneClearMessage() throws Exception {
    Path damaged = copyClasses("damaged");
    Path weights = damaged.resolve("demo/WideDenseClassifier.weights");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 1;
    Files.write(weights, bytes);
    Classifier classifier = Classifier.load(damaged, CLASSIFIER);
    String expected = "WideDenseClassifier.weights fails its SHA-256 check: the file is damaged or from another"
        + " export; export the model again";
    for (int call = 0; call < 2; call++) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> classifier.predict(new float[10_000]));
      assertEquals(expected, e.getMessage());
    }
    Jdk.Run run = Jdk.java(dir, "-cp", damaged.toString(), CLASSIFIER, "any.png");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("WideDense: " + expected, run.err().strip());
  }

  @Test
  void aMissingResourceSaysWhereItBelongs() throws Exception {
    Path missing = copyClasses("missing");
    Files.delete(missing.resolve("demo/WideDenseClassifier.weights"));
    Classifier classifier = Classifier.load(missing, CLASSIFIER);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> classifier.predict(new float[10_000]));
    assertEquals("WideDenseClassifier.weights is missing: it must sit beside WideDenseClassifier.class (in the"
        + " same jar or directory), as the exporter wrote it", e.getMessage());
  }

  private static Path copyClasses(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path from : walk.toList()) {
        Path to = copy.resolve(classes.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return copy;
  }
}
