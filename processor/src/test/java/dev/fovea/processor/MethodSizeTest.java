package dev.fovea.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.ClassFileMethods;
import dev.fovea.processor.testing.ClassFileMethods.ClassFile;
import dev.fovea.processor.testing.ClassFileMethods.Method;
import dev.fovea.processor.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every generated method stays under HotSpot's HugeMethodLimit, so C2 compiles it, even for a large model. */
class MethodSizeTest {
  /** HotSpot does not JIT-compile methods with more bytecode than this (-XX:HugeMethodLimit, default 8000). */
  private static final int HUGE_METHOD_LIMIT = 8000;
  /** The class-file hard limit on code_length. */
  private static final int CODE_LENGTH_LIMIT = 65535;
  /** constant_pool_count, fields_count and methods_count are u2 in the class file. */
  private static final int CLASS_FILE_COUNT_LIMIT = 65535;

  private static final String WIDE_NET = """
      package demo;

      import static dev.fovea.annotations.Activation.*;
      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 3, height = 64, width = 64))
      public class WideNet {
        @Conv2D(filters = 64, kernel = 3, padding = Padding.SAME, activation = RELU) Layer conv1;
        @Conv2D(filters = 64, kernel = 3, strides = 2, padding = Padding.SAME, activation = RELU) Layer conv2;
        @MaxPool2D(2) Layer pool1;
        @Conv2D(filters = 128, kernel = 3, padding = Padding.SAME, activation = TANH) Layer conv3;
        @Conv2D(filters = 128, kernel = 3, strides = 2, padding = Padding.SAME, activation = RELU) Layer conv4;
        @AvgPool2D(2) Layer pool2;
        @Dense(units = 512, activation = RELU) Layer fc1;
        @Dense(units = 256, activation = SIGMOID) Layer fc2;
        @Dense(units = 10, activation = SOFTMAX) Layer output;
      }
      """;

  private static final String FIXTURE = """
      package fixture;

      public abstract class Fixture implements java.io.Serializable, Comparable<Fixture> {
        static final long BIG = 1234567890123L;
        static final double HALF = 0.5;

        int one() { return 1; }
        double twoAndAHalf() { return 2.5; }
        long big() { return 9876543210L; }
        String hi() { return "hi"; }
        Runnable nothing() { return () -> {}; }
        abstract void hook();
      }
      """;

  @Test
  void parserReadsAHandCheckedClass() {
    Compilation compilation = javac().compile(JavaFileObjects.forSourceString("fixture.Fixture", FIXTURE));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    ClassFile file = ClassFileMethods.parse(Generated.classFiles(compilation).get("fixture.Fixture"));
    assertEquals("fixture/Fixture", file.thisClass());
    assertEquals("java/lang/Object", file.superClass());
    assertEquals(List.of("java/io/Serializable", "java/lang/Comparable"), file.interfaces());
    assertEquals(2, file.fieldCount());
    // Byte counts by hand: aload_0 invokespecial(3) return; iconst_1 ireturn; ldc2_w(3) dreturn/lreturn;
    // ldc(2) areturn; invokedynamic(5) areturn; the lambda body is a bare return; abstract has no Code.
    assertEquals(new Method("<init>", "()V", 5), file.method("<init>"));
    assertEquals(new Method("one", "()I", 2), file.method("one"));
    assertEquals(new Method("twoAndAHalf", "()D", 4), file.method("twoAndAHalf"));
    assertEquals(new Method("big", "()J", 4), file.method("big"));
    assertEquals(new Method("hi", "()Ljava/lang/String;", 3), file.method("hi"));
    assertEquals(new Method("nothing", "()Ljava/lang/Runnable;", 6), file.method("nothing"));
    assertEquals(new Method("hook", "()V", -1), file.method("hook"));
    assertEquals(new Method("lambda$nothing$0", "()V", 1), file.method("lambda$nothing$0"));
    assertEquals(8, file.methods().size(), () -> file.methods().toString());
  }

  @Test
  void parserReadsAGeneratedNetwork() {
    Map<String, byte[]> classes = Generated.classFiles(compile(GoldenSourceTest.leNet5()));
    ClassFile net = ClassFileMethods.parse(classes.get("demo.LeNet5Net"));
    assertEquals("demo/LeNet5Net", net.thisClass());
    assertTrue(net.methods().size() > 0);
    assertEquals("([FI)[F", net.method("forward").descriptor());
    assertTrue(net.method("forward").codeLength() > 0);
    assertEquals(7, forwardMethods(net), () -> net.methods().toString());
  }

  @Test
  void leNet5MethodsFitTheJit() {
    Map<String, byte[]> classes = Generated.classFiles(compile(GoldenSourceTest.leNet5()));
    assertTrue(classes.containsKey("demo.LeNet5Net"), classes.keySet()::toString);
    assertTrue(classes.containsKey("demo.LeNet5NetVector"), classes.keySet()::toString);
    System.out.println("LeNet5 largest method: " + assertAllMethodsFit(classes));
  }

  @Test
  void wideNetMethodsFitTheJit() {
    Compilation smallCompilation = compile(GoldenSourceTest.leNet5());
    Compilation largeCompilation = compile(JavaFileObjects.forSourceString("demo.WideNet", WIDE_NET));
    Map<String, byte[]> small = Generated.classFiles(smallCompilation);
    Map<String, byte[]> large = Generated.classFiles(largeCompilation);
    Class<?> leNet = Generated.load(smallCompilation, "demo.LeNet5Net");
    Class<?> wideNet = Generated.load(largeCompilation, "demo.WideNetNet");

    // The large model must really be large: 10x the parameters and multiply-adds, and more layers.
    assertTrue(constant(wideNet, "PARAMETER_COUNT") >= 10L * constant(leNet, "PARAMETER_COUNT"),
        () -> "parameters " + constant(wideNet, "PARAMETER_COUNT") + " vs " + constant(leNet, "PARAMETER_COUNT"));
    assertTrue(multiplyAdds(wideNet) >= 10 * multiplyAdds(leNet),
        () -> "multiply-adds " + multiplyAdds(wideNet) + " vs " + multiplyAdds(leNet));
    int smallLayers = forwardMethods(ClassFileMethods.parse(small.get("demo.LeNet5Net")));
    int largeLayers = forwardMethods(ClassFileMethods.parse(large.get("demo.WideNetNet")));
    assertTrue(largeLayers > smallLayers, () -> largeLayers + " layers vs " + smallLayers);

    System.out.println("WideNet (" + constant(wideNet, "PARAMETER_COUNT") + " parameters, " + multiplyAdds(wideNet)
        + " multiply-adds) largest method: " + assertAllMethodsFit(large));
  }

  @Test
  void largeKernelsAtStrideOneFitTheJit() {
    // Unrolled taps grow with the kernel: the largest kernels must fall back to loops that do not.
    Map<String, byte[]> classes = Generated.classFiles(compile(JavaFileObjects.forSourceString("demo.BigKernels", """
        package demo;

        import static dev.fovea.annotations.Activation.*;
        import static dev.fovea.annotations.Padding.*;
        import dev.fovea.annotations.*;

        @Network(input = @Input(channels = 3, height = 48, width = 48))
        public class BigKernels {
          @Conv2D(filters = 16, kernel = 11, padding = 5, activation = RELU) Layer a;
          @Conv2D(filters = 32, kernel = 13, activation = RELU) Layer b;
          @Conv2D(filters = 24, kernel = 7, padding = SAME, activation = TANH) Layer c;
          @Conv2D(filters = 8, kernel = {7, 9}, padding = 1, activation = SIGMOID) Layer d;
          @Conv2D(filters = 8, kernel = {1, 49}, padding = {0, 24}, activation = RELU) Layer e;
          @Conv2D(filters = 16, kernel = {7, 7}, padding = 3, activation = RELU) Layer f;
          @Dense(units = 10, activation = SOFTMAX) Layer out;
        }
        """)));
    System.out.println("BigKernels largest method: " + assertAllMethodsFit(classes));
  }

  @Test
  void planeBuffersPastAJavaArrayFallBackToLoops() throws Exception {
    // The output (39,998 x 39,998) fits one array; three shifted copies of the input in aligned rows do not.
    Compilation compilation = compile(JavaFileObjects.forSourceString("demo.Vast", """
        package demo;

        import dev.fovea.annotations.*;

        @Network(input = @Input(channels = 1, height = 40000, width = 40000))
        public class Vast {
          @Conv2D(filters = 1, kernel = 3) Layer conv;
        }
        """));
    String source = compilation.generatedSourceFile("demo.VastNet").orElseThrow().getCharContent(true).toString();
    assertTrue(source.contains("private void forward_conv()"), source);
    assertTrue(!source.contains("convShifted") && !source.contains("convStaged"),
        "the plane emitters' buffers would overflow an int; expected the loop emitter");
  }

  @Test
  void catalogueKindsFitTheJitAtAlexNetSizes() {
    // Issue 9's kinds on AlexNet's first maps (96 x 55 x 55), with the largest fixed weights they allow.
    Map<String, byte[]> classes = Generated.classFiles(compile(JavaFileObjects.forSourceString("demo.Catalogue", """
        package demo;

        import static dev.fovea.annotations.Activation.*;
        import static dev.fovea.annotations.Padding.*;
        import dev.fovea.annotations.*;

        @Network(input = @Input(channels = 3, height = 227, width = 227))
        public class Catalogue {
          @Conv2D(filters = 96, kernel = 11, strides = 4, activation = RELU) Layer conv1;
          @LocalResponseNorm(size = 5, alpha = 1e-4, beta = 0.75, k = 2) Layer lrn;
          @ChannelMaxPool(2) Layer maxout;
          @ChannelAvgPool(value = 3, strides = 1) Layer avg;
          @GaussianPool2D(value = 32, strides = 1, sigma = 8) Layer pool;
          @FixedConv2D(value = FixedKernel.GAUSSIAN, size = 32, sigma = 6, padding = SAME) Layer blur;
          @FixedConv2D(value = FixedKernel.BOX, size = 15, padding = 7) Layer box;
          @FixedConv2D(value = FixedKernel.SOBEL_X, padding = 1) Layer sobel;
          @FixedConv2D(value = FixedKernel.CONSTANTS, size = {1, 3}, weights = {1, -2, 1}) Layer given;
          @DepthwiseConv2D(kernel = 5, depthMultiplier = 4, padding = SAME, activation = RELU) Layer dw;
          @SeparableConv2D(filters = 728, kernel = 3, padding = SAME, activation = RELU) Layer sep;
          @Dense(units = 10, activation = SOFTMAX) Layer out;
        }
        """)));
    System.out.println("Catalogue largest method: " + assertAllMethodsFit(classes));
  }

  /**
   * Checks every method of every class, and each class's constant pool, field and method counts against the
   * class file's 16-bit limits; returns a description of the largest method.
   */
  static String assertAllMethodsFit(Map<String, byte[]> classes) {
    List<String> tooLarge = new ArrayList<>();
    String largest = null;
    int largestSize = -1;
    for (var entry : classes.entrySet()) {
      ClassFile file = ClassFileMethods.parse(entry.getValue());
      assertTrue(file.constantPoolCount() < CLASS_FILE_COUNT_LIMIT, entry.getKey() + " constant pool "
          + file.constantPoolCount());
      assertTrue(file.fieldCount() < CLASS_FILE_COUNT_LIMIT, entry.getKey() + " fields " + file.fieldCount());
      assertTrue(file.methods().size() < CLASS_FILE_COUNT_LIMIT, entry.getKey() + " methods "
          + file.methods().size());
      for (Method method : file.methods()) {
        assertTrue(method.codeLength() < CODE_LENGTH_LIMIT, entry.getKey() + "." + method);
        if (method.codeLength() >= HUGE_METHOD_LIMIT) {
          tooLarge.add(entry.getKey() + "." + method);
        }
        if (method.codeLength() > largestSize) {
          largestSize = method.codeLength();
          largest = entry.getKey() + "." + method;
        }
      }
    }
    assertTrue(tooLarge.isEmpty(), () -> "methods at or over HugeMethodLimit " + HUGE_METHOD_LIMIT
        + " bytes, which HotSpot never JIT-compiles: " + tooLarge);
    assertTrue(largestSize > 0, "no method with code found in " + classes.keySet());
    return largest;
  }

  /** Compiles with the Vector API visible, so both backends' classes are written and checked. */
  private static Compilation compile(JavaFileObject source) {
    Compilation compilation = Generated.compileAnnotatedWithVector(source);
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    return compilation;
  }

  private static int forwardMethods(ClassFile file) {
    return (int) file.methods().stream().filter(m -> m.name().startsWith("forward_")).count();
  }

  private static long constant(Class<?> type, String name) {
    try {
      return type.getField(name).getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Parsed from the generated summary table's total line. */
  private static long multiplyAdds(Class<?> type) {
    try {
      String summary = (String) type.getMethod("summary").invoke(null);
      Matcher m = Pattern.compile("Total multiply-adds per sample: ([\\d,]+)").matcher(summary);
      assertTrue(m.find(), summary);
      return Long.parseLong(m.group(1).replace(",", ""));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
