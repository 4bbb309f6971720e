package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic about a layer's attributes or the shapes they produce: each checks the text,
 * built from {@link Messages}, and the line of the annotation at fault. Placement and naming diagnostics
 * are in {@link DiagnosticsPlacementTest}.
 */
class DiagnosticsTest {

  /** A source in package {@code test} that sees every Fovea annotation, SAME/VALID and the activations. */
  static JavaFileObject source(String simpleName, String body) {
    return JavaFileObjects.forSourceString("test." + simpleName, """
        package test;

        import static dev.fovea.annotations.Activation.*;
        import static dev.fovea.annotations.Padding.*;

        import dev.fovea.annotations.*;

        """ + body);
  }

  @Test
  void validNetworkCompilesWithoutWarningsAndGeneratesItsClass() {
    JavaFileObject source = source("Valid", """
        @Network(input = @Input(height = 28, width = 28), labels = {"a", "b", "c"})
        class Valid {
          @Conv2D(filters = 4, kernel = 5, padding = SAME, activation = RELU)
          Layer c1;
          @MaxPool2D(2)
          Layer p1;
          @Conv2D(filters = 8, kernel = {3, 5}, strides = {1, 2}, padding = {1, 0, 2, 2}, activation = TANH)
          Layer c2;
          @AvgPool2D(value = 2, strides = 1)
          Layer p2;
          @Dense(units = 16, activation = SIGMOID)
          Layer fc1;
          @Dense(units = 3, activation = SOFTMAX, name = "out")
          Layer fc2;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ValidNet");
  }

  @Test
  void nonPositiveFilters() {
    JavaFileObject source = source("Filters", """
        @Network(input = @Input(height = 8, width = 8))
        class Filters {
          @Conv2D(filters = 0, kernel = 3)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "filters", 0))
        .inFile(source).onLineContaining("@Conv2D(filters = 0");
  }

  @Test
  void nonPositiveKernel() {
    JavaFileObject source = source("Kernel", """
        @Network(input = @Input(height = 8, width = 8))
        class Kernel {
          @Conv2D(filters = 4, kernel = {3, 0})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "kernel", 0))
        .inFile(source).onLineContaining("@Conv2D(filters = 4, kernel = {3, 0})");
  }

  @Test
  void nonPositiveStrides() {
    JavaFileObject source = source("Strides", """
        @Network(input = @Input(height = 8, width = 8))
        class Strides {
          @Conv2D(filters = 4, kernel = 3, strides = -1)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "strides", -1))
        .inFile(source).onLineContaining("strides = -1");
  }

  @Test
  void nonPositivePoolingStrides() {
    JavaFileObject source = source("PoolStrides", """
        @Network(input = @Input(height = 8, width = 8))
        class PoolStrides {
          @AvgPool2D(value = 2, strides = {2, 0})
          Layer pool;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "strides", 0))
        .inFile(source).onLineContaining("@AvgPool2D(value = 2, strides = {2, 0})");
  }

  @Test
  void nonPositiveUnits() {
    JavaFileObject source = source("Units", """
        @Network(input = @Input(height = 8, width = 8))
        class Units {
          @Dense(units = 0)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "units", 0))
        .inFile(source).onLineContaining("@Dense(units = 0)");
  }

  @Test
  void nonPositivePoolingWindow() {
    JavaFileObject source = source("Window", """
        @Network(input = @Input(height = 8, width = 8))
        class Window {
          @MaxPool2D(0)
          Layer pool;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "value", 0))
        .inFile(source).onLineContaining("@MaxPool2D(0)");
  }

  @Test
  void nonPositiveInputHeight() {
    JavaFileObject source = source("InputHeight", """
        @Network(input = @Input(height = 0, width = 8))
        class InputHeight {
          @Dense(units = 2)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "input height", 0))
        .inFile(source).onLineContaining("@Network(");
  }

  @Test
  void kernelWithThreeValues() {
    JavaFileObject source = source("KernelLength", """
        @Network(input = @Input(height = 8, width = 8))
        class KernelLength {
          @Conv2D(filters = 4, kernel = {3, 3, 3})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.PAIR_LENGTH, "kernel", 3))
        .inFile(source).onLineContaining("kernel = {3, 3, 3}");
  }

  @Test
  void paddingWithThreeValues() {
    JavaFileObject source = source("PaddingLength", """
        @Network(input = @Input(height = 8, width = 8))
        class PaddingLength {
          @Conv2D(filters = 4, kernel = 3, padding = {1, 1, 1})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.PADDING_LENGTH, 3))
        .inFile(source).onLineContaining("padding = {1, 1, 1}");
  }

  @Test
  void negativePaddingAmount() {
    JavaFileObject source = source("PaddingNegative", """
        @Network(input = @Input(height = 8, width = 8))
        class PaddingNegative {
          @Conv2D(filters = 4, kernel = 3, padding = {1, -2})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.PADDING_NEGATIVE, -2))
        .inFile(source).onLineContaining("padding = {1, -2}");
  }

  @Test
  void sameAmongExplicitPaddingAmountsIsNegative() {
    JavaFileObject source = source("PaddingSameMixed", """
        @Network(input = @Input(height = 8, width = 8))
        class PaddingSameMixed {
          @Conv2D(filters = 4, kernel = 3, padding = {SAME, 1})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.PADDING_NEGATIVE, -1))
        .inFile(source).onLineContaining("padding = {SAME, 1}");
  }

  @Test
  void kernelLargerThanItsPaddedInput() {
    JavaFileObject source = source("KernelTooLarge", """
        @Network(input = @Input(height = 2, width = 2))
        class KernelTooLarge {
          @Conv2D(filters = 4, kernel = 3)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.KERNEL_TOO_LARGE, 3, 3, 2, 2))
        .inFile(source).onLineContaining("@Conv2D(");
  }

  @Test
  void kernelLargerThanItsPaddedInputCountsThePadding() {
    JavaFileObject source = source("KernelTooLargePadded", """
        @Network(input = @Input(height = 2, width = 2))
        class KernelTooLargePadded {
          @Conv2D(filters = 4, kernel = 5, padding = {1, 0})
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.KERNEL_TOO_LARGE, 5, 5, 4, 2))
        .inFile(source).onLineContaining("@Conv2D(");
  }

  @Test
  void samePaddingMakesALargeKernelLegal() {
    JavaFileObject source = source("SamePadding", """
        @Network(input = @Input(height = 2, width = 2))
        class SamePadding {
          @Conv2D(filters = 4, kernel = 3, padding = SAME, activation = SOFTMAX)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.SamePaddingNet");
  }

  @Test
  void explicitPaddingMakesALargeKernelLegal() {
    JavaFileObject source = source("ExplicitPadding", """
        @Network(input = @Input(height = 2, width = 2))
        class ExplicitPadding {
          @Conv2D(filters = 4, kernel = 3, padding = 1, activation = SOFTMAX)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ExplicitPaddingNet");
  }

  @Test
  void poolingWindowLargerThanItsInput() {
    JavaFileObject source = source("WindowTooLarge", """
        @Network(input = @Input(height = 8, width = 8))
        class WindowTooLarge {
          @Conv2D(filters = 4, kernel = 3, strides = 2)
          Layer conv;
          @MaxPool2D({2, 4})
          Layer pool;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.WINDOW_TOO_LARGE, 2, 4, 3, 3))
        .inFile(source).onLineContaining("@MaxPool2D(");
  }

  @Test
  void stridesLargerThanTheKernelWarnButCompile() {
    JavaFileObject source = source("StridesSkip", """
        @Network(input = @Input(height = 9, width = 9))
        class StridesSkip {
          @Conv2D(filters = 4, kernel = 2, strides = {3, 2}, activation = SOFTMAX)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(String.format(Messages.STRIDE_SKIPS_INPUT, 3, 2, "kernel", 2, 2, "kernel"))
        .inFile(source).onLineContaining("@Conv2D(");
    assertThat(compilation).generatedSourceFile("test.StridesSkipNet");
  }

  @Test
  void poolingStridesLargerThanTheWindowWarnButCompile() {
    JavaFileObject source = source("PoolStridesSkip", """
        @Network(input = @Input(height = 9, width = 9))
        class PoolStridesSkip {
          @MaxPool2D(value = 2, strides = 3)
          Layer pool;
          @Dense(units = 2, activation = SOFTMAX)
          Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(String.format(Messages.STRIDE_SKIPS_INPUT, 3, 3, "window", 2, 2, "window"))
        .inFile(source).onLineContaining("@MaxPool2D(");
    assertThat(compilation).generatedSourceFile("test.PoolStridesSkipNet");
  }

  @Test
  void softmaxNotOnTheLastLayer() {
    JavaFileObject source = source("SoftmaxFirst", """
        @Network(input = @Input(height = 4, width = 4))
        class SoftmaxFirst {
          @Dense(units = 8, activation = SOFTMAX)
          Layer fc1;
          @Dense(units = 2)
          Layer fc2;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(Messages.SOFTMAX_NOT_LAST)
        .inFile(source).onLineContaining("@Dense(units = 8, activation = SOFTMAX)");
  }

  @Test
  void conv2DAfterDense() {
    JavaFileObject source = source("ConvAfterDense", """
        @Network(input = @Input(height = 4, width = 4))
        class ConvAfterDense {
          @Dense(units = 16)
          Layer fc;
          @Conv2D(filters = 2, kernel = 1)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.SPATIAL_AFTER_DENSE, "Conv2D", "fc"))
        .inFile(source).onLineContaining("@Conv2D(");
  }

  @Test
  void poolingAfterDense() {
    JavaFileObject source = source("PoolAfterDense", """
        @Network(input = @Input(height = 4, width = 4))
        class PoolAfterDense {
          @Conv2D(filters = 2, kernel = 3)
          Layer conv;
          @Dense(units = 16, name = "hidden")
          Layer fc;
          @AvgPool2D(1)
          Layer pool;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.SPATIAL_AFTER_DENSE, "AvgPool2D", "hidden"))
        .inFile(source).onLineContaining("@AvgPool2D(");
  }

  @Test
  void labelsCountNotMatchingOutputs() {
    JavaFileObject source = source("Labels", """
        @Network(input = @Input(height = 4, width = 4), labels = {"cat", "dog"})
        class Labels {
          @Dense(units = 3)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.LABEL_COUNT, 2, 3))
        .inFile(source).onLineContaining("@Network(");
  }
}
