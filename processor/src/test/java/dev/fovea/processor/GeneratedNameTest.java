package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import org.junit.jupiter.api.Test;

/** The runtime finds the class the processor wrote, for a nested network and a top-level name holding '$'. */
class GeneratedNameTest {

  @Test
  void modelForNetworkFindsWhatTheProcessorWrote() {
    Compilation compilation = Generated.compileAnnotated(source("C14$X", """
        @Network(input = @Input(height = 2, width = 2))
        public class C14$X {
          @Dense(units = 2, activation = SOFTMAX) Layer out;

          @Network(input = @Input(height = 2, width = 2))
          public static class Inner {
            @Dense(units = 3, activation = SOFTMAX) Layer out;
          }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals("test.C14$XNet", Model.forNetwork(Generated.load(compilation, "test.C14$X")).generatedClass()
        .getName());
    assertEquals("test.C14$X_InnerNet", Model.forNetwork(Generated.load(compilation, "test.C14$X$Inner"))
        .generatedClass().getName());
  }
}
