package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fovea.processor.DiagnosticsTest.source;
import static dev.fovea.processor.testing.Generated.compileAnnotated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Blocks: declared once, used with their own sizes, named as PyTorch names submodules; and their mistakes. */
class BlockTest {
  private static final String BLOCKS = """
      @Block(args = {"planes", "stride"})
      class Basic {
        @Conv2D(filters = Block.ARG1, kernel = 3, strides = Block.ARG2, padding = 1, bias = false, activation = RELU)
        Layer conv1;
        @Conv2D(filters = Block.ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
        @Add(from = {"conv2", "input"}, activation = RELU) Layer add;
      }

      @Block(args = {"planes", "stride"})
      class Down {
        @Conv2D(filters = Block.ARG1, kernel = 3, strides = Block.ARG2, padding = 1, bias = false, activation = RELU)
        Layer conv1;
        @Conv2D(filters = Block.ARG1, kernel = 3, padding = 1, bias = false) Layer conv2;
        @Conv2D(filters = Block.ARG1, kernel = 1, strides = Block.ARG2, bias = false, from = "input",
            name = "downsample.0") Layer shortcut;
        @Add(from = {"conv2", "downsample.0"}, activation = RELU) Layer add;
      }
      """;

  @Test
  void usesExpandToTheSameNetworkAsItsLayersWrittenOut() throws IOException {
    JavaFileObject blocks = source("Blocked", BLOCKS + """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Blocked {
          @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer stem;
          @Use(value = Basic.class, args = {4, 1}, name = "layer1.0") Layer layer10;
          @Use(value = Down.class, args = {8, 2}, name = "layer2.0") Layer layer20;
          @GlobalAvgPool2D Layer pool;
          @Dense(units = 3, activation = SOFTMAX) Layer fc;
        }
        """);
    JavaFileObject flat = source("Blocked", """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Blocked {
          @Conv2D(filters = 4, kernel = 3, padding = 1, activation = RELU) Layer stem;
          @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false, activation = RELU, name = "layer1.0.conv1")
          Layer a;
          @Conv2D(filters = 4, kernel = 3, padding = 1, bias = false, name = "layer1.0.conv2") Layer b;
          @Add(from = {"layer1.0.conv2", "stem"}, activation = RELU, name = "layer1.0.add") Layer c;
          @Conv2D(filters = 8, kernel = 3, strides = 2, padding = 1, bias = false, activation = RELU,
              name = "layer2.0.conv1") Layer d;
          @Conv2D(filters = 8, kernel = 3, padding = 1, bias = false, name = "layer2.0.conv2") Layer e;
          @Conv2D(filters = 8, kernel = 1, strides = 2, bias = false, from = "layer1.0.add",
              name = "layer2.0.downsample.0") Layer f;
          @Add(from = {"layer2.0.conv2", "layer2.0.downsample.0"}, activation = RELU, name = "layer2.0.add")
          Layer g;
          @GlobalAvgPool2D Layer pool;
          @Dense(units = 3, activation = SOFTMAX) Layer fc;
        }
        """);
    Compilation withBlocks = compileAnnotated(blocks);
    Compilation writtenOut = compileAnnotated(flat);
    assertThat(withBlocks).succeededWithoutWarnings();
    assertThat(writtenOut).succeededWithoutWarnings();
    assertEquals(generated(writtenOut), generated(withBlocks));
    Class<?> net = Generated.load(withBlocks, "test.BlockedNet");
    assertArrayEquals(new String[] {"stem.weight", "stem.bias", "layer1.0.conv1.weight", "layer1.0.conv2.weight",
        "layer2.0.conv1.weight", "layer2.0.conv2.weight", "layer2.0.downsample.0.weight", "fc.weight", "fc.bias"},
        (String[]) invoke(net, "parameterNames"));
  }

  @Test
  void blocksNestAndReadWhatTheUseNames() {
    JavaFileObject source = source("Nested", """
        @Block(args = {"filters"})
        class ConvRelu {
          @Conv2D(filters = Block.ARG1, kernel = 1, name = "conv") Layer conv;
          @Activate(RELU) Layer relu;
        }

        @Block(args = {"a", "b"})
        class Branches {
          @Use(value = ConvRelu.class, args = Block.ARG1, name = "branch1") Layer b1;
          @Use(value = ConvRelu.class, args = Block.ARG2, name = "branch2", from = "input") Layer b2;
          @Concat(from = {"branch1", "branch2"}) Layer cat;
        }

        @Network(input = @Input(channels = 2, height = 4, width = 4))
        class Nested {
          @Conv2D(filters = 3, kernel = 1) Layer stem;
          @Use(value = Branches.class, args = {2, 5}, name = "inception3a", from = "input") Layer first;
          @Use(value = Branches.class, args = {1, 1}, name = "inception3b", from = "stem") Layer second;
          @Concat(from = {"inception3a", "inception3b"}) Layer both;
          @Dense(units = 2, activation = SOFTMAX) Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> net = Generated.load(compilation, "test.NestedNet");
    assertArrayEquals(new String[] {"stem.weight", "stem.bias", "inception3a.branch1.conv.weight",
        "inception3a.branch1.conv.bias", "inception3a.branch2.conv.weight", "inception3a.branch2.conv.bias",
        "inception3b.branch1.conv.weight", "inception3b.branch1.conv.bias", "inception3b.branch2.conv.weight",
        "inception3b.branch2.conv.bias", "fc.weight", "fc.bias"}, (String[]) invoke(net, "parameterNames"));
    assertArrayEquals(new int[] {2, 2, 1, 1}, ((int[][]) invoke(net, "parameterShapes"))[2]);
    assertArrayEquals(new int[] {2, (7 + 2) * 16}, ((int[][]) invoke(net, "parameterShapes"))[10]);
  }

  @Test
  void mistakesInUsesAreErrorsAtTheUse() {
    JavaFileObject source = source("Wrong", BLOCKS + """
        class NotABlock {}

        @Block
        class Loop {
          @Use(Loop.class) Layer again;
        }

        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Wrong {
          @Conv2D(filters = Block.ARG1, kernel = 3) Layer outside;
          @Use(value = Basic.class, args = {4}) Layer missing;
          @Use(value = NotABlock.class) Layer plain;
          @Use(value = Loop.class) Layer loop;
          @Use(value = Basic.class, args = {4, 2}) Layer mismatch;
          @Dense(units = 2) Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.ARG_OUTSIDE_BLOCK, "filters", 1))
        .inFile(source).onLineContaining("Layer outside;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.USE_ARGS, "Basic", 2, "[planes, stride]", 1))
        .inFile(source).onLineContaining("Layer missing;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.USE_NOT_BLOCK, "test.NotABlock"))
        .inFile(source).onLineContaining("Layer plain;");
    assertThat(compilation).hadErrorContaining(String.format(Messages.BLOCK_CYCLE, "Loop", "loop.again"))
        .inFile(source).onLineContaining("Layer again;");
  }

  @Test
  void aShapeErrorInsideABlockIsReportedAtTheUseAndNamesTheLayer() {
    JavaFileObject source = source("Mismatch", BLOCKS + """
        @Network(input = @Input(channels = 1, height = 8, width = 8))
        class Mismatch {
          @Conv2D(filters = 4, kernel = 3, padding = 1) Layer stem;
          @Use(value = Basic.class, args = {6, 1}) Layer block;
          @Dense(units = 2) Layer fc;
        }
        """);
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(String.format(Messages.IN_BLOCK, "block.add (block Basic)",
        String.format(Messages.ADD_SHAPES, "block.conv2", "[6, 8, 8]", "stem", "[4, 8, 8]")))
        .inFile(source).onLineContaining("Layer block;");
  }

  private static String generated(Compilation compilation) throws IOException {
    return compilation.generatedSourceFile("test.BlockedNet").orElseThrow().getCharContent(true).toString();
  }

  private static Object invoke(Class<?> type, String method) {
    try {
      return type.getMethod(method).invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
