package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.fovea.annotations.Network;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backends the processor writes, and which one the runtime binds. */
class BackendSelectionTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(Model.BACKEND_PROPERTY);
  }

  @Test
  void writesTheVectorBackendWhenTheModuleIsVisible() {
    Compilation compilation = Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5());
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("demo.LeNet5NetVector").contentsAsUtf8String()
        .contains("jdk.incubator.vector");
    assertThat(compilation).generatedSourceFile("demo.LeNet5Net").contentsAsUtf8String()
        .doesNotContain("jdk.incubator.vector");
  }

  @Test
  void writesOnlyThePortableBackendWithoutTheModule() {
    Compilation compilation = Generated.compileAnnotated(GoldenSourceTest.leNet5());
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(false, compilation.generatedSourceFile("demo.LeNet5NetVector").isPresent());
  }

  @Test
  void portableOptionSkipsTheVectorBackend() {
    Compilation compilation = javac().withOptions(Generated.VECTOR_MODULE.get(0), Generated.VECTOR_MODULE.get(1),
        "-Afovea.backend=portable").withProcessors(new FoveaProcessor()).compile(GoldenSourceTest.leNet5());
    assertThat(compilation).succeeded();
    assertEquals(false, compilation.generatedSourceFile("demo.LeNet5NetVector").isPresent());
  }

  @Test
  void vectorOptionWithoutTheModuleWarnsHowToFixIt() {
    Compilation compilation = javac().withOptions("-Afovea.backend=vector").withProcessors(new FoveaProcessor())
        .compile(GoldenSourceTest.leNet5());
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.VECTOR_MODULE_MISSING);
  }

  @Test
  void unknownBackendOptionWarns() {
    Compilation compilation = javac().withOptions("-Afovea.backend=gpu").withProcessors(new FoveaProcessor())
        .compile(GoldenSourceTest.leNet5());
    assertThat(compilation).hadWarningContaining(String.format(Messages.UNKNOWN_BACKEND, "gpu"));
  }

  @Test
  void aNamedModuleGetsTheVectorBackendOnlyWhenItRequiresTheModule(@TempDir Path dir) throws IOException {
    assertEquals(List.of("TinyNet.java"), compileModule(dir.resolve("plain"), ""));
    assertEquals(List.of("TinyNet.java", "TinyNetVector.java"),
        compileModule(dir.resolve("requiring"), "requires jdk.incubator.vector;"));
  }

  /** Compiles module m (with the extra module-info directive) and lists the generated sources. */
  private static List<String> compileModule(Path dir, String directive) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/m/demo"));
    Files.writeString(dir.resolve("src/m/module-info.java"),
        "module m { requires fovea.annotations; " + directive + " exports demo; }");
    Files.writeString(src.resolve("Tiny.java"), """
        package demo;
        import dev.fovea.annotations.*;
        @Network(input = @Input(channels = 1, height = 4, width = 4))
        public class Tiny { @Dense(units = 2, activation = Activation.SOFTMAX) Layer a; }
        """);
    Path annotations;
    try {
      annotations = Path.of(Network.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(annotations)) {
      annotations = jar(annotations, dir.resolve("fovea-annotations.jar")); // a module path needs a jar to name it
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path generated = Files.createDirectories(dir.resolve("generated"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      List<String> options = List.of("--add-modules", "jdk.incubator.vector", "--module-path", annotations.toString(),
          "-d", Files.createDirectories(dir.resolve("out")).toString(), "-s", generated.toString(), "-proc:only");
      var task = javac.getTask(null, files, null, options, null, files.getJavaFileObjects(
          dir.resolve("src/m/module-info.java"), src.resolve("Tiny.java")));
      task.setProcessors(List.of(new FoveaProcessor()));
      assertEquals(true, task.call());
    }
    try (var found = Files.walk(generated)) {
      return found.filter(f -> f.toString().endsWith(".java")).map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Jars a class directory (as `mvn test` in the reactor hands over annotations/target/classes). */
  private static Path jar(Path classes, Path jar) throws IOException {
    try (var out = new JarOutputStream(Files.newOutputStream(jar)); var found = Files.walk(classes)) {
      for (Path file : found.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void runtimeBindsTheVectorBackendUnlessToldOtherwise() {
    Compilation compilation = Generated.compileAnnotatedWithVector(GoldenSourceTest.leNet5());
    Class<?> user = Generated.load(compilation, "demo.LeNet5");
    Model fast = Model.forNetwork(user);
    assertEquals("vector", fast.backend());
    assertEquals("LeNet5NetVector", fast.generatedClass().getSimpleName());
    System.setProperty(Model.BACKEND_PROPERTY, "portable");
    Model portable = Model.forNetwork(user);
    assertEquals("portable", portable.backend());
    System.setProperty(Model.BACKEND_PROPERTY, "gpu");
    assertThrows(IllegalArgumentException.class, () -> Model.forNetwork(user));

    // Same parameters: logits within float rounding of each other (the sums run in another order).
    Initializer.initialize(fast, 5);
    System.arraycopy(fast.parameters(), 0, portable.parameters(), 0, fast.parameterCount());
    Random random = new Random(3);
    float[] input = new float[fast.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat();
    }
    float[] vector = fast.forward(input, 0).clone();
    float[] plain = portable.forward(input, 0);
    for (int i = 0; i < plain.length; i++) {
      assertEquals(plain[i], vector[i], 1e-5f * Math.max(1, Math.abs(plain[i])), "logit " + i);
    }
  }
}
