package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.op.LayerKinds;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about where annotations sit, layer names, empty networks, and several mistakes in one
 * class; each checks the text, built from {@link Messages}, and the line of the annotation at fault.
 */
class DiagnosticsPlacementTest {

  @Test
  void twoLayersWithOneName() {
    JavaFileObject source = source("DuplicateName", """
        @Network(input = @Input(height = 8, width = 8))
        class DuplicateName {
          @Conv2D(filters = 4, kernel = 3, name = "features")
          Layer c1;
          @Conv2D(filters = 8, kernel = 1, name = "features")
          Layer c2;
          @Dense(units = 2)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.DUPLICATE_NAME, "features", "features"))
        .inFile(source).onLineContaining("@Conv2D(filters = 8");
  }

  @Test
  void explicitNameClashingWithAFieldName() {
    JavaFileObject source = source("NameClash", """
        @Network(input = @Input(height = 8, width = 8))
        class NameClash {
          @Conv2D(filters = 4, kernel = 3)
          Layer fc;
          @Dense(units = 2, name = "fc")
          Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.DUPLICATE_NAME, "fc", "fc"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void invalidLayerName() {
    JavaFileObject source = source("InvalidName", """
        @Network(input = @Input(height = 8, width = 8))
        class InvalidName {
          @Conv2D(filters = 4, kernel = 3)
          Layer conv;
          @Dense(units = 2, name = "fc-1")
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.INVALID_NAME, "fc-1"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void invalidLayerNameFromTheField() {
    JavaFileObject source = source("InvalidFieldName", """
        @Network(input = @Input(height = 8, width = 8))
        class InvalidFieldName {
          @Dense(units = 2)
          Layer _fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.INVALID_NAME, "_fc"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void noLayers() {
    JavaFileObject source = source("Empty", """
        @Network(input = @Input(height = 8, width = 8))
        class Empty {
          Layer notALayer;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NO_LAYERS, "Empty", LayerKinds.annotationList()))
        .inFile(source).onLineContaining("@Network(");
  }

  @Test
  void networkOnAnInterface() {
    JavaFileObject source = source("Shape", """
        @Network(input = @Input(height = 8, width = 8))
        interface Shape {}
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NETWORK_NOT_ON_CLASS, "interface", "Shape"))
        .inFile(source).onLineContaining("@Network(");
  }

  @Test
  void networkOnAnEnum() {
    JavaFileObject source = source("Kind", """
        @Network(input = @Input(height = 8, width = 8))
        enum Kind { A, B }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NETWORK_NOT_ON_CLASS, "enum", "Kind"))
        .inFile(source).onLineContaining("@Network(");
  }

  @Test
  void layerInAClassWithoutNetwork() {
    JavaFileObject source = source("Plain", """
        class Plain {
          @Conv2D(filters = 4, kernel = 3)
          Layer conv;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.LAYER_NOT_IN_NETWORK, "conv", "test.Plain"))
        .inFile(source).onLineContaining("@Conv2D(");
  }

  @Test
  void layerInAnInterface() {
    JavaFileObject source = source("Layers", """
        interface Layers {
          @Dense(units = 10)
          Layer fc = null;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(String.format(Messages.LAYER_NOT_IN_CLASS, "Dense", "fc", "interface", "Layers"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void staticLayerField() {
    JavaFileObject source = source("StaticLayer", """
        @Network(input = @Input(height = 8, width = 8))
        class StaticLayer {
          @Conv2D(filters = 4, kernel = 3)
          Layer conv;
          @Dense(units = 2)
          static Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(String.format(Messages.LAYER_STATIC, "fc"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void twoLayerAnnotationsOnOneField() {
    JavaFileObject source = source("TwoAnnotations", """
        @Network(input = @Input(height = 8, width = 8))
        class TwoAnnotations {
          @Conv2D(filters = 4, kernel = 3)
          @Dense(units = 2)
          Layer layer;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(String.format(Messages.TWO_LAYER_ANNOTATIONS, "layer", "Conv2D", "Dense"))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void twoLayerAnnotationsOnOneFieldAreNamedInSourceOrder() {
    JavaFileObject source = source("TwoAnnotationsReversed", """
        @Network(input = @Input(height = 8, width = 8))
        class TwoAnnotationsReversed {
          @Dense(units = 2)
          @MaxPool2D(2)
          Layer layer;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(String.format(Messages.TWO_LAYER_ANNOTATIONS, "layer", "Dense", "MaxPool2D"))
        .inFile(source).onLineContaining("@MaxPool2D(");
  }

  @Test
  void threeMistakesOnThreeLinesAreAllReported() {
    JavaFileObject source = source("ThreeMistakes", """
        @Network(input = @Input(height = -4, width = 8))
        class ThreeMistakes {
          @Conv2D(filters = 4, kernel = {3, 3, 3})
          Layer conv;
          @MaxPool2D(2)
          Layer pool;
          @Dense(units = 0)
          Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "input height", -4))
        .inFile(source).onLineContaining("@Network(");
    assertThat(compilation).hadErrorContaining(String.format(Messages.PAIR_LENGTH, "kernel", 3))
        .inFile(source).onLineContaining("@Conv2D(");
    assertThat(compilation).hadErrorContaining(String.format(Messages.NON_POSITIVE, "units", 0))
        .inFile(source).onLineContaining("@Dense(");
  }

  @Test
  void threeShapeMistakesAreAllReported() {
    JavaFileObject source = source("ThreeShapeMistakes", """
        @Network(input = @Input(height = 8, width = 8), labels = {"yes", "no"})
        class ThreeShapeMistakes {
          @Conv2D(filters = 4, kernel = 2, strides = 3, activation = SOFTMAX)
          Layer conv;
          @Dense(units = 10, activation = SOFTMAX)
          Layer fc1;
          @Dense(units = 3, activation = SOFTMAX)
          Layer fc2;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadErrorContaining(Messages.SOFTMAX_NOT_LAST)
        .inFile(source).onLineContaining("@Conv2D(");
    assertThat(compilation).hadErrorContaining(Messages.SOFTMAX_NOT_LAST)
        .inFile(source).onLineContaining("@Dense(units = 10");
    assertThat(compilation).hadErrorContaining(String.format(Messages.LABEL_COUNT, 2, 3))
        .inFile(source).onLineContaining("@Network(");
    assertThat(compilation)
        .hadWarningContaining(String.format(Messages.STRIDE_SKIPS_INPUT, 3, 3, "kernel", 2, 2, "kernel"))
        .inFile(source).onLineContaining("@Conv2D(");
  }
}
