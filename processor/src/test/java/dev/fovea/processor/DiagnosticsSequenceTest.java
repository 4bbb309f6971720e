package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.assertOnlyError;
import static dev.fovea.processor.testing.Generated.compileAnnotated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The one-dimensional kinds' diagnostics: each text from {@link Messages}, naming lengths rather than heights and
 * widths, at the line of the annotation at fault; sequences and images kept apart; the summary in 1-D terms.
 */
class DiagnosticsSequenceTest {

  /** Compiles {@code layer} after a 4-channel convolution of a sequence of length 10, before a softmax layer. */
  private static JavaFileObject network(String name, String layer) {
    return source(name, """
        @Network(input = @Input(channels = 2, length = 12))
        class %s {
          @Conv1D(filters = 4, kernel = 3) Layer conv;
          %s Layer tested;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """.formatted(name, layer));
  }

  private static void assertOneError(String name, String layer, String message) {
    assertOnlyError(network(name, layer), layer, message);
  }

  @Test
  void everyOneDimensionalKindCompilesWithoutWarnings() {
    for (String layer : new String[] {"@Conv1D(filters = 3, kernel = 5, padding = SAME, activation = RELU)",
        "@Conv1D(filters = 3, kernel = 3, strides = 2, padding = {2, 0}, bias = false)", "@MaxPool1D(2)",
        "@AvgPool1D(value = 3, strides = 2, padding = 1, ceil = true)", "@GlobalMaxPool1D", "@GlobalAvgPool1D",
        "@BatchNorm2D", "@LocalResponseNorm(size = 3)", "@ChannelMaxPool(2)", "@Dropout"}) {
      assertThat(compileAnnotated(network("Valid", layer))).succeededWithoutWarnings();
    }
  }

  @Test
  void summaryShowsSequencesAsChannelsAndLength() throws Exception {
    Compilation compilation = compileAnnotated(network("Summary", "@MaxPool1D(value = 3, strides = 2)"));
    assertThat(compilation).succeededWithoutWarnings();
    String summary = (String) Generated.load(compilation, "test.SummaryNet").getMethod("summary").invoke(null);
    String[] rows = summary.split("\n");
    assertEquals(List.of("input (Input)", "[2, 12]", "0", "0", "96 B", "1"), columns(rows[2]));
    assertEquals(List.of("conv (Conv1D)", "[4, 10]", "28", "240", "160 B", "3"), columns(rows[3]));
    assertEquals(List.of("tested (MaxPool1D)", "[4, 4]", "0", "0", "64 B", "5"), columns(rows[4]));
  }

  /** A table row's columns, which two or more blanks separate. */
  private static List<String> columns(String row) {
    return List.of(row.trim().split("\\s{2,}"));
  }

  @Test
  void inputTakesHeightAndWidthOrLengthNotBoth() {
    JavaFileObject both = source("Both", """
        @Network(input = @Input(channels = 2, height = 4, width = 4, length = 16))
        class Both {
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(both);
    assertThat(compilation).hadErrorContaining(String.format(Messages.INPUT_FORM, "height and width and length"))
        .inFile(both).onLineContaining("@Network");
    JavaFileObject half = source("Half", """
        @Network(input = @Input(channels = 2, height = 4))
        class Half {
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """);
    assertThat(compileAnnotated(half)).hadErrorContaining(String.format(Messages.INPUT_FORM, "height"))
        .inFile(half).onLineContaining("@Network");
  }

  @Test
  void lengthMustBePositive() {
    JavaFileObject source = source("NoLength", """
        @Network(input = @Input(channels = 2, length = 0))
        class NoLength {
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "input length", 0))
        .inFile(source).onLineContaining("@Network");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void paddingIsBothEndsOrLeftAndRight() {
    assertOneError("PadFour", "@Conv1D(filters = 2, kernel = 3, padding = {1, 1, 1, 1})",
        String.format(Messages.PADDING_LENGTH_1D, 4));
  }

  @Test
  void kernelLongerThanItsPaddedInput() {
    assertOneError("LongKernel", "@Conv1D(filters = 2, kernel = 13, padding = {1, 1})",
        String.format(Messages.KERNEL_TOO_LONG, 13, 12));
  }

  @Test
  void stridesLongerThanTheInput() {
    assertOneError("LongStrides", "@Conv1D(filters = 2, kernel = 1, strides = 11)",
        String.format(Messages.STRIDES_BEYOND_SEQUENCE, 11, 10));
  }

  @Test
  void stridesLargerThanTheKernelWarn() {
    String layer = "@Conv1D(filters = 2, kernel = 2, strides = 3)";
    JavaFileObject source = network("SkipCells", layer);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(String.format(Messages.STRIDE_SKIPS_SEQUENCE, 3, "kernel", 2,
        "kernel")).inFile(source).onLineContaining(layer);
  }

  @Test
  void poolingWindowLongerThanItsInput() {
    assertOneError("LongWindow", "@AvgPool1D(11)", String.format(Messages.WINDOW_TOO_LONG, 11, 10));
  }

  @Test
  void poolingPaddingAtMostHalfTheWindow() {
    assertOneError("PoolPad", "@MaxPool1D(value = 3, padding = 2)", String.format(Messages.POOL_PADDING_1D, 2, 3));
  }

  @Test
  void poolingStridesAndPaddingNotNegative() {
    assertOneError("PoolStrides", "@MaxPool1D(value = 2, strides = -1)",
        String.format(Messages.POOL_STRIDES_1D, -1));
    assertOneError("PoolNegative", "@AvgPool1D(value = 2, padding = -1)",
        String.format(Messages.POOL_PADDING_NEGATIVE, -1));
  }

  @Test
  void twoDimensionalKindsRefuseSequences() {
    assertOneError("Conv2DOnSequence", "@Conv2D(filters = 2, kernel = 1)",
        String.format(Messages.NEEDS_IMAGE, "Conv2D", "conv", "[4, 10]", "use @Conv1D"));
    assertOneError("PoolOnSequence", "@MaxPool2D(2)",
        String.format(Messages.NEEDS_IMAGE, "MaxPool2D", "conv", "[4, 10]", "use @MaxPool1D"));
    assertOneError("GlobalOnSequence", "@GlobalAvgPool2D",
        String.format(Messages.NEEDS_IMAGE, "GlobalAvgPool2D", "conv", "[4, 10]", "use @GlobalAvgPool1D"));
    assertOneError("SobelOnSequence", "@FixedConv2D(FixedKernel.SOBEL_X)",
        String.format(Messages.NEEDS_IMAGE, "FixedConv2D", "conv", "[4, 10]", Messages.IMAGE_ONLY));
  }

  @Test
  void oneDimensionalKindsRefuseImagesAndFlatInputs() {
    String layer = "@Conv1D(filters = 2, kernel = 3)";
    JavaFileObject image = source("Conv1DOnImage", """
        @Network(input = @Input(channels = 1, height = 6, width = 6))
        class Conv1DOnImage {
          %s Layer conv;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """.formatted(layer));
    Compilation compilation = compileAnnotated(image);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NEEDS_SEQUENCE, "Conv1D", "input",
        "[1, 6, 6]", "@Conv2D")).inFile(image).onLineContaining(layer);
    JavaFileObject flat = source("PoolAfterDense", """
        @Network(input = @Input(channels = 1, length = 16))
        class PoolAfterDense {
          @Dense(units = 8) Layer fc;
          @MaxPool1D(2) Layer pool;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """);
    assertThat(compileAnnotated(flat)).hadErrorContaining(String.format(Messages.SEQUENCE_AFTER_DENSE,
        "MaxPool1D", "fc")).inFile(flat).onLineContaining("@MaxPool1D(2)");
  }
}
