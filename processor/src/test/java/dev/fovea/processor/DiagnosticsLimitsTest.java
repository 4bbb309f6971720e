package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics at the edges: sizes past a Java array, errors after a failed shape, name clashes, the summary note. */
class DiagnosticsLimitsTest {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  @Test
  void parametersBeyondAJavaArrayAreACompileErrorNotAnOverflow() {
    JavaFileObject source = source("Huge", """
        @Network(input = @Input(channels = 3, height = 4096, width = 4096))
        class Huge {
          @Dense(units = 4096)
          Layer big;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    long parameters = 3L * 4096 * 4096 * 4096 + 4096;
    assertThat(compilation).hadErrorContaining(
        String.format(Messages.TOO_LARGE, "the parameters up to big", parameters, MAX_ARRAY))
        .inFile(source).onLineContaining("@Dense(units = 4096)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anInputBeyondAJavaArrayIsReportedOnTheNetwork() {
    JavaFileObject source = source("Wide", """
        @Network(input = @Input(channels = 2, height = 65536, width = 65536))
        class Wide {
          @MaxPool2D(2)
          Layer pool;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(
        String.format(Messages.TOO_LARGE, "the input", 2L * 65536 * 65536, MAX_ARRAY))
        .inFile(source).onLineContaining("@Network");
  }

  @Test
  void checksGoOnAfterALayerWhoseShapeFailed() {
    JavaFileObject source = source("After", """
        @Network(input = @Input(height = 4, width = 4), labels = {"a", "b"})
        class After {
          @Conv2D(filters = 2, kernel = 5)
          Layer tooBig;
          @Dense(units = 10, activation = SOFTMAX)
          Layer early;
          @Conv2D(filters = 2, kernel = 1)
          Layer spatial;
          @Dense(units = 3)
          Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.KERNEL_TOO_LARGE, 5, 5, 4, 4))
        .inFile(source).onLineContaining("kernel = 5");
    assertThat(compilation).hadErrorContaining(Messages.SOFTMAX_NOT_LAST)
        .inFile(source).onLineContaining("units = 10");
    assertThat(compilation).hadErrorContaining(String.format(Messages.SPATIAL_AFTER_DENSE, "Conv2D", "early"))
        .inFile(source).onLineContaining("kernel = 1");
    assertThat(compilation).hadErrorContaining(String.format(Messages.LABEL_COUNT, 2, 3))
        .inFile(source).onLineContaining("@Network");
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  void twoNetworksGeneratingOneClassNameAreAnErrorNotACrash() {
    JavaFileObject nested = source("A", """
        class A {
          @Network(input = @Input(height = 4, width = 4))
          static class B {
            @Dense(units = 2)
            Layer fc;
          }
        }
        """);
    JavaFileObject flat = source("A_B", """
        @Network(input = @Input(height = 4, width = 4))
        class A_B {
          @Dense(units = 2)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(nested, flat);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot write test.A_BNet");
    assertThat(compilation).hadErrorContaining("rename the network class");
  }

  @Test
  void anAttributeJavacCannotEvaluateIsLeftToJavac() {
    JavaFileObject source = source("Unknown", """
        @Network(input = @Input(height = 8, width = 8))
        class Unknown {
          @Conv2D(filters = NO_SUCH_CONSTANT, kernel = 3)
          Layer c1;
          @Dense(units = 2)
          Layer fc;
        }
        """);
    Compilation compilation = javac().withProcessors(new FoveaProcessor())
        .withOptions("-A" + FoveaProcessor.SUMMARY_OPTION + "=true")
        .compile(source);
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    // javac's error alone: the processor neither crashed nor guessed a value for the missing constant,
    // and wrote no network (it would have printed its summary) without the layer it could not read.
    assertThat(compilation).hadErrorCount(1);
    assertTrue(compilation.notes().stream().noneMatch(n -> n.getMessage(null).contains("model summary")),
        () -> compilation.notes().toString());
  }

  @Test
  void theSummaryOptionPrintsTheModelTableWhileCompiling() {
    Compilation compilation = javac().withProcessors(new FoveaProcessor())
        .withOptions("-A" + FoveaProcessor.SUMMARY_OPTION + "=true")
        .compile(GoldenSourceTest.leNet5());
    assertThat(compilation).succeeded();
    assertThat(compilation).hadNoteContaining("Fovea model summary of LeNet5:");
    assertThat(compilation).hadNoteContaining("c3 (Conv2D)            [16, 10, 10]         2,416       240,000");
    assertThat(compilation).hadNoteContaining("Total parameters: 61,706 (241.0 KiB as float32)");
  }
}
