package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Networks past the class file's limits outside the layers (issue 11's probes): thousands of labels, hundreds of
 * layers, a name of 65,530 characters. Each compiles and keeps its metadata, or is a clear error.
 */
class ClassFileLimitsTest {

  @Test
  void nineThousandLabelsCompileAndReadBack() throws Exception {
    String labels = IntStream.range(0, 9000).mapToObj(i -> "\"class number " + i + " \u00e9\"")
        .collect(Collectors.joining(", "));
    JavaFileObject source = source("ManyLabels", """
        @Network(input = @Input(height = 4, width = 4), labels = {%s})
        class ManyLabels {
          @Dense(units = 9000) Layer out;
        }
        """.formatted(labels));
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    String[] read = (String[]) Generated.load(compilation, "test.ManyLabelsNet").getMethod("labels").invoke(null);
    assertEquals(9000, read.length);
    assertEquals("class number 8999 \u00e9", read[8999]);
  }

  @Test
  void eightHundredLayersGiveASummaryPastOneStringConstant() throws Exception {
    String layers = IntStream.range(0, 800).mapToObj(i -> "  @Dense(units = 2, activation = TANH) Layer d" + i + ";")
        .collect(Collectors.joining("\n"));
    JavaFileObject source = source("Deep", """
        @Network(input = @Input(height = 2, width = 2))
        class Deep {
        %s
        }
        """.formatted(layers));
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeeded();
    Class<?> net = Generated.load(compilation, "test.DeepNet");
    String summary = (String) net.getMethod("summary").invoke(null);
    assertTrue(summary.length() > 65_535, "summary of " + summary.length() + " chars");
    assertTrue(summary.contains("d799 (Dense)"));
    String[] names = (String[]) net.getMethod("parameterNames").invoke(null);
    assertEquals(1600, names.length);
    assertArrayEquals(new String[] {"d799.weight", "d799.bias"}, new String[] {names[1598], names[1599]});
  }

  @Test
  void aLayerNameOf65530CharactersIsAnError() {
    String name = "a".repeat(65_530);
    JavaFileObject source = source("LongName", """
        @Network(input = @Input(height = 2, width = 2))
        class LongName {
          @Dense(units = 2, name = "%s") Layer out;
        }
        """.formatted(name));
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.NAME_TOO_LONG, "a".repeat(40), 65_530, 255))
        .inFile(source).onLineContaining("@Dense(units = 2, name =");
    assertThat(compilation).hadErrorCount(1);
  }
}
