package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Networks and layers in local and anonymous classes, which javac hides from processors, are errors. */
class LocalClassDiagnosticsTest {

  @Test
  void aNetworkOnALocalClassIsAnErrorAtItsAnnotation() {
    JavaFileObject source = source("Holder", """
        class Holder {
          void build() {
            @Network(input = @Input(height = 4, width = 4))
            class Local {
              @Dense(units = 2, activation = SOFTMAX) Layer out;
            }
          }
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NETWORK_IN_LOCAL_CLASS, "Local", "local"))
        .inFile(source).onLineContaining("@Network(");
  }

  @Test
  void layersInAnAnonymousClassAreAnErrorEach() {
    JavaFileObject source = source("Anonymous", """
        class Anonymous {
          Object network = new Object() {
            @Conv2D(filters = 2, kernel = 3) Layer conv;
            @dev.fovea.annotations.Dense(units = 2, activation = SOFTMAX) Layer out;
          };
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(String.format(Messages.LAYER_IN_LOCAL_CLASS, "Conv2D", "conv",
        "anonymous")).inFile(source).onLineContaining("@Conv2D(");
    assertThat(compilation).hadErrorContaining(String.format(Messages.LAYER_IN_LOCAL_CLASS, "Dense", "out",
        "anonymous")).inFile(source).onLineContaining("Dense(units = 2");
  }
}
