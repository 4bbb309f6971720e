package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Batch norm's and dropout's numbers: each out-of-range value an error at its attribute, saying the range. */
class DiagnosticsNormalizationTest {

  @Test
  void aBatchNormResidualNetworkWithDropoutCompilesWithoutWarnings() {
    Compilation compilation = compileAnnotated(source("Normalized", """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Normalized {
          @Conv2D(filters = 4, kernel = 3, padding = SAME, bias = false) Layer conv;
          @BatchNorm2D(activation = RELU) Layer bn;
          @Conv2D(filters = 4, kernel = 3, padding = SAME, bias = false) Layer conv2;
          @BatchNorm2D(eps = 1e-3, momentum = 0.01) Layer bn2;
          @Add(from = {"bn2", "bn"}, activation = RELU) Layer add;
          @Dropout(rate = 0.2) Layer drop;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.NormalizedNet");
  }

  @Test
  void epsMomentumAndRateOutsideTheirRanges() {
    JavaFileObject source = source("Ranges", """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Ranges {
          @Conv2D(filters = 4, kernel = 3) Layer conv;
          @BatchNorm2D(eps = 0) Layer zeroEps;
          @BatchNorm2D(momentum = 1.5) Layer bigMomentum;
          @BatchNorm2D(momentum = -0.1) Layer negativeMomentum;
          @Dropout(rate = 1) Layer dropAll;
          @Dense(units = 3) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NUMBER_OUT_OF_RANGE, "eps",
        "(0.0, infinity)", 0.0)).inFile(source).onLineContaining("eps = 0");
    assertThat(compilation).hadErrorContaining(String.format(Messages.NUMBER_OUT_OF_RANGE, "momentum",
        "[0.0, 1.0]", 1.5)).inFile(source).onLineContaining("momentum = 1.5");
    assertThat(compilation).hadErrorContaining(String.format(Messages.NUMBER_OUT_OF_RANGE, "momentum",
        "[0.0, 1.0]", -0.1)).inFile(source).onLineContaining("momentum = -0.1");
    assertThat(compilation).hadErrorContaining(String.format(Messages.NUMBER_OUT_OF_RANGE, "rate",
        "[0.0, 1.0)", 1.0)).inFile(source).onLineContaining("rate = 1");
  }
}
