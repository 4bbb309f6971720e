package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about what layers read: names in from, how many, and the shapes that meet in Add and Concat. */
class DiagnosticsGraphTest {

  @Test
  void aResidualBlockCompilesWithoutWarnings() {
    JavaFileObject source = source("Residual", """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Residual {
          @Conv2D(filters = 4, kernel = 3, padding = SAME, activation = RELU) Layer stem;
          @Conv2D(filters = 4, kernel = 3, padding = SAME, bias = false, activation = RELU) Layer conv1;
          @Conv2D(filters = 4, kernel = 3, padding = SAME, bias = false) Layer conv2;
          @Add(from = {"conv2", "stem"}, activation = RELU) Layer add;
          @Conv2D(filters = 2, kernel = 1, from = "input") Layer side;
          @Concat(from = {"add", "side"}) Layer cat;
          @Dense(units = 3, activation = SOFTMAX) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ResidualNet");
  }

  @Test
  void fromNamesALayerBelowOrUnknown() {
    JavaFileObject source = source("Below", """
        @Network(input = @Input(height = 8, width = 8))
        class Below {
          @Conv2D(filters = 2, kernel = 3, from = "later") Layer early;
          @Conv2D(filters = 2, kernel = 3, from = "nowhere") Layer later;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.FROM_UNKNOWN, "later", "early"))
        .inFile(source).onLineContaining("from = \"later\"");
    assertThat(compilation).hadErrorContaining(String.format(Messages.FROM_UNKNOWN, "nowhere", "later"))
        .inFile(source).onLineContaining("from = \"nowhere\"");
  }

  @Test
  void oneInputKindsTakeOneAndMergesTwoOrMore() {
    JavaFileObject source = source("Counts", """
        @Network(input = @Input(height = 8, width = 8))
        class Counts {
          @Conv2D(filters = 2, kernel = 3, from = {"input", "input"}) Layer two;
          @Add(from = "input") Layer lonely;
          @Dense(units = 2) Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.FROM_ONE, "Conv2D", 2))
        .inFile(source).onLineContaining("Layer two;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.FROM_MERGE, "Add", 1))
        .inFile(source).onLineContaining("Layer lonely;");
  }

  @Test
  void addNamesBothShapesAndConcatNamesBothSizes() {
    JavaFileObject source = source("Shapes", """
        @Network(input = @Input(height = 8, width = 8))
        class Shapes {
          @Conv2D(filters = 2, kernel = 3) Layer a;
          @Conv2D(filters = 3, kernel = 3, from = "input") Layer b;
          @Add(from = {"a", "b"}) Layer sum;
          @Conv2D(filters = 2, kernel = 5, from = "input") Layer c;
          @Concat(from = {"a", "c"}) Layer cat;
          @Dense(units = 2, from = "sum") Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.ADD_SHAPES, "a", "[2, 6, 6]", "b",
        "[3, 6, 6]")).inFile(source).onLineContaining("Layer sum;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.CONCAT_SHAPES, "a", "[2, 6, 6]", "c",
        "[2, 4, 4]")).inFile(source).onLineContaining("Layer cat;");
  }

  @Test
  void anOutputNoLayerReadsIsAWarning() {
    JavaFileObject source = source("Unused", """
        @Network(input = @Input(height = 8, width = 8))
        class Unused {
          @Conv2D(filters = 2, kernel = 3) Layer dead;
          @Dense(units = 2, from = "input") Layer out;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(String.format(Messages.UNUSED_OUTPUT, "dead"))
        .inFile(source).onLineContaining("Layer dead;");
  }

  @Test
  void aLayerCannotBeNamedInput() {
    JavaFileObject source = source("Named", """
        @Network(input = @Input(height = 8, width = 8))
        class Named {
          @Dense(units = 2) Layer input;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(Messages.INPUT_NAME_RESERVED)
        .inFile(source).onLineContaining("Layer input;");
  }

  @Test
  void namesWhoseJavaFormsMeetAreAnError() {
    JavaFileObject source = source("Clash", """
        @Network(input = @Input(height = 8, width = 8))
        class Clash {
          @Conv2D(filters = 2, kernel = 3) Layer convA;
          @Conv2D(filters = 2, kernel = 3, name = "conv_a") Layer second;
          @Conv2D(filters = 2, kernel = 1, name = "c3") Layer third;
          @Dense(units = 2, name = "C3") Layer fourth;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.SAME_JAVA_NAME, "conv_a", "convA", "CONV_A"))
        .inFile(source).onLineContaining("Layer second;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.SAME_JAVA_NAME, "C3", "c3", "C3"))
        .inFile(source).onLineContaining("Layer fourth;");
    assertThat(compilation).hadErrorCount(2);
  }
}
