package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The last layer says which loss trains it: a warning unless SOFTMAX, an error when no loss can. */
class LossDiagnosticsTest {

  @Test
  void aLastLayerThatIsNotSoftmaxWarnsWhichLossApplies() {
    JavaFileObject source = source("ReluOut", """
        @Network(input = @Input(height = 4, width = 4))
        class ReluOut {
          @Dense(units = 3,
              activation = RELU)
          Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining(String.format(Messages.OUTPUT_NOT_SOFTMAX, "RELU"))
        .inFile(source).onLineContaining("activation = RELU");
  }

  @Test
  void aDefaultLinearConvolutionLastWarnsAtItsAnnotation() {
    JavaFileObject source = source("ConvOut", """
        @Network(input = @Input(height = 4, width = 4))
        class ConvOut {
          @Conv2D(filters = 2, kernel = 3)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(String.format(Messages.OUTPUT_NOT_SOFTMAX, "LINEAR"))
        .inFile(source).onLineContaining("@Conv2D(");
  }

  @Test
  void oneOutputIsAnErrorWhateverItsActivation() {
    JavaFileObject source = source("OneOut", """
        @Network(input = @Input(height = 4, width = 4))
        class OneOut {
          @Dense(units = 1, activation = SIGMOID)
          Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(Messages.NO_LOSS_FOR_ONE_OUTPUT)
        .inFile(source).onLineContaining("units = 1");
  }
}
