package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
