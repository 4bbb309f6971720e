package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;
import static dev.fovea.processor.testing.Generated.compileAnnotatedWithVector;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Sizes near Integer.MAX_VALUE (issue 11's probes): shape arithmetic runs in long, so a huge padding or stride is a
 * clear error at its attribute and never wraps around into a wrong shape or code that does not compile.
 */
class DiagnosticsOverflowTest {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  @Test
  void paddingOfIntegerMaxIsTooLargeNotAWrappedShape() {
    JavaFileObject source = source("HugePadding", """
        @Network(input = @Input(height = 12, width = 12))
        class HugePadding {
          @Conv2D(filters = 2, kernel = 3, padding = Integer.MAX_VALUE) Layer conv;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.TOO_LARGE, "the padded input of conv",
        12L + 2L * Integer.MAX_VALUE, MAX_ARRAY)).inFile(source).onLineContaining("padding = Integer.MAX_VALUE");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void stridesOfIntegerMaxWithSameAreLargerThanTheInput() {
    JavaFileObject source = source("HugeStrides", """
        @Network(input = @Input(height = 12, width = 12))
        class HugeStrides {
          @Conv2D(filters = 2, kernel = 3, strides = Integer.MAX_VALUE, padding = SAME) Layer conv;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    // SAME pads a 3x3 kernel at one output cell by 0 above and 0 below a 12-row input: 12x12 padded.
    assertThat(compilation).hadErrorContaining(String.format(Messages.STRIDES_BEYOND_INPUT,
        Integer.MAX_VALUE, Integer.MAX_VALUE, 12, 12)).inFile(source).onLineContaining("strides = Integer.MAX_VALUE");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void stridesOfTwoToTheThirtyIsAnErrorOnBothBackends() {
    JavaFileObject source = source("BigStrides", """
        @Network(input = @Input(height = 12, width = 12))
        class BigStrides {
          @Conv2D(filters = 2, kernel = 3, strides = 1073741824, padding = SAME) Layer conv;
          @MaxPool2D(value = 2, strides = 1073741824, padding = 1, ceil = true) Layer pool;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotatedWithVector(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.STRIDES_BEYOND_INPUT,
        1073741824, 1073741824, 12, 12)).inFile(source).onLineContaining("strides = 1073741824, padding = SAME");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void poolingStridesLargerThanTheInputAreAnError() {
    JavaFileObject source = source("PoolStrides", """
        @Network(input = @Input(height = 6, width = 6))
        class PoolStrides {
          @MaxPool2D(value = 2, strides = 1073741824, padding = 1, ceil = true) Layer pool;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.STRIDES_BEYOND_INPUT,
        1073741824, 1073741824, 8, 8)).inFile(source).onLineContaining("@MaxPool2D");
    assertThat(compilation).hadErrorCount(1);
  }
}
