package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.fovea.annotations.Activation;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Names and idioms of the Vector API (jdk.incubator.vector) shared by the vector backend's emitters. */
final class VectorCode {
  /** Scratch rows are padded to a multiple of this many values, a whole number of vectors up to AVX-512's. */
  static final int ALIGN = 16;

  private static final String PACKAGE = "jdk.incubator.vector";

  private VectorCode() {}

  /** FloatVector or DoubleVector. */
  static ClassName vector(Precision p) {
    return ClassName.get(PACKAGE, p == Precision.FLOAT ? "FloatVector" : "DoubleVector");
  }

  /** The n rounded up to whole padded rows. */
  static int aligned(int n) {
    return (n + ALIGN - 1) / ALIGN * ALIGN;
  }

  /**
   * SPECIES, the machine's preferred vector shape (capped at {@value #ALIGN} values so padded rows hold whole
   * vectors), LANES, its length, and BIG_BLOCKS, the register blocks' sizes: static finals, so C2 folds them into
   * the code as constants.
   */
  static FieldSpec[] fields(Precision p) {
    ClassName vector = vector(p);
    TypeName boxed = p == Precision.FLOAT ? ClassName.get(Float.class) : ClassName.get(Double.class);
    TypeName species = ParameterizedTypeName.get(ClassName.get(PACKAGE, "VectorSpecies"), boxed);
    FieldSpec speciesField = FieldSpec.builder(species, "SPECIES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The widest vector this machine computes natively, at most $L values.\n", ALIGN)
        .initializer("$T.SPECIES_PREFERRED.length() <= $L ? $T.SPECIES_PREFERRED : $T.SPECIES_$L", vector, ALIGN,
            vector, vector, 512)
        .build();
    FieldSpec lanes = FieldSpec.builder(TypeName.INT, "LANES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Values per vector.\n")
        .initializer("SPECIES.length()")
        .build();
    FieldSpec bigBlocks = FieldSpec.builder(TypeName.BOOLEAN, RegisterBlocks.BIG_BLOCKS, Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Whether the products' 4 x 4 blocks fit the vector registers: 32 of them (AVX-512, aarch64);"
            + " AVX2's 16 take 4 x 3.\n")
        .initializer("java.lang.System.getProperty($S) != null ? $S.equals(java.lang.System.getProperty($S))"
            + " : SPECIES.vectorBitSize() >= 512 || \"aarch64\".equals(java.lang.System.getProperty(\"os.arch\"))",
            RegisterBlocks.PROPERTY, "big", RegisterBlocks.PROPERTY)
        .build();
    return new FieldSpec[] {speciesField, lanes, bigBlocks};
  }

  /**
   * {@code out[i] = f(out[i])} over n values, a vector at a time, then a scalar tail; LINEAR and SOFTMAX write
   * nothing. Float sigmoid and tanh use {@code exp} below; double (the tests' precision) keeps Math's.
   */
  static CodeBlock activation(Activation activation, Precision p, String out, int n) {
    if (activation == Activation.LINEAR || activation == Activation.SOFTMAX) {
      return CodeBlock.of("");
    }
    if (activation != Activation.RELU && p == Precision.DOUBLE) {
      return ActivationCode.forward(activation, p, out, n);
    }
    ClassName vector = vector(p);
    CodeBlock.Builder code = CodeBlock.builder().add("// $L, in place, a vector at a time.\n", activation);
    code.add("{\n").indent();
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", n);
    code.addStatement("final $T v = $T.fromArray(SPECIES, $L, i)", vector, vector, out);
    store(code, activation, vector, out + ", i");
    code.endControlFlow();
    code.beginControlFlow("for (; i < $L; i++)", n);
    code.addStatement("$L[i] = $L", out, ActivationCode.forwardExpression(activation, p, out));
    code.endControlFlow();
    return code.unindent().add("}\n").build();
  }

  /**
   * Whether {@link #activationRows} writes this activation: one that computes something, over rows of at least
   * {@value #ALIGN} cells, in float, or ReLU in double (double sigmoid and tanh keep Math's value by value).
   */
  static boolean activatesRows(Activation activation, Precision p, int cells) {
    boolean computes = activation == Activation.RELU || activation == Activation.SIGMOID
        || activation == Activation.TANH;
    return computes && cells >= ALIGN && (p == Precision.FLOAT || activation == Activation.RELU);
  }

  /**
   * {@code out[row * cells + j] = f(from[row * fromRow + j])} for rows in [first, last), a vector at a time: one
   * pass where a copy and an in-place activation took two (W2.conv1's 86 KB of output, 5.6 -> 4.3 us). A row's
   * last vector starts at cells - LANES, overlapping the one before with the same values. From row "0", last may be
   * a count (an Integer) and a single row is no loop.
   */
  static CodeBlock activationRows(Activation activation, Precision p, String from, int fromRow, String out, int cells,
      String row, String first, Object last) {
    ClassName vector = vector(p);
    CodeBlock.Builder code = CodeBlock.builder()
        .add("// $L from the accumulators to the output, a vector at a time; a row's last vector overlaps the one"
            + " before.\n", activation);
    Loops.range(code, row, first, last);
    code.beginControlFlow("for (int j = 0; j < $L; j += LANES)", cells);
    code.addStatement("final int at = $T.min(j, $L - LANES)", Math.class, cells);
    code.addStatement("final $T v = $T.fromArray(SPECIES, $L, $L + at)", vector, vector, from,
        Index.times(row, fromRow));
    store(code, activation, vector, out + ", " + Index.times(row, cells) + " + at");
    code.endControlFlow();
    code.endControlFlow();
    return code.build();
  }

  /** Stores f(v), a vector of ReLU, sigmoid or tanh, at target ({@code "array, index"}). */
  private static void store(CodeBlock.Builder code, Activation activation, ClassName vector, String target) {
    switch (activation) {
      case SIGMOID -> {
        code.add(exp(vector, "e", "v.neg()"));
        code.addStatement("$T.broadcast(SPECIES, 1).div(e.add(1)).intoArray($L)", vector, target);
      }
      case TANH -> {
        code.add(exp(vector, "e", "v.add(v)"));
        code.addStatement("$T.broadcast(SPECIES, 1).sub($T.broadcast(SPECIES, 2).div(e.add(1))).intoArray($L)",
            vector, vector, target);
      }
      default -> code.addStatement("v.max(0).intoArray($L)", target);
    }
  }

  /** The per-instance scratch {@code sumLanes} spills a vector to. */
  static FieldSpec lanesField(Precision p) {
    return FieldSpec.builder(p.arrayType(), "lanes", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("One vector's lanes, for sums in a fixed order.\n")
        .initializer("new $T[$L]", p.type(), ALIGN)
        .build();
  }

  /**
   * The helpers the vector emitters call. {@code sumLanes} adds a vector's lanes in lane order: the Vector API's
   * reduceLanes(ADD) may order the sum differently in interpreted and compiled code, and so would change a
   * seeded run's bits depending on when the JIT stepped in. (Sigmoid and tanh compute e^x from lane arithmetic
   * for the same reason: the EXP intrinsic and its Java fallback differ in the last bit.)
   */
  static List<MethodSpec> methods(Precision p) {
    ClassName vector = vector(p);
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(MethodSpec.methodBuilder("vectorLanes")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Values per vector on this machine; the runtime keeps the portable class below 8.\n")
        .returns(int.class)
        .addStatement("return LANES")
        .build());
    methods.add(MethodSpec.methodBuilder("sumLanes")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("The sum of the lanes of v, added in lane order.\n")
        .returns(p.type())
        .addParameter(vector, "v")
        .addStatement("v.intoArray(lanes, 0)")
        .addStatement("$T sum = lanes[0]", p.type())
        .beginControlFlow("for (int l = 1; l < LANES; l++)")
        .addStatement("sum += lanes[l]")
        .endControlFlow()
        .addStatement("return sum")
        .build());
    return methods;
  }

  /**
   * Declares {@code name = e^x} per lane, written inline (a call would box the vectors unless inlined): within
   * 2 ulp of Math.exp, Cephes' expf polynomial after Cody-Waite range reduction, x clamped to [-87, 88] so that
   * 2^n stays a normal float.
   */
  private static CodeBlock exp(ClassName vector, String name, String x) {
    ClassName ints = ClassName.get(PACKAGE, "IntVector");
    return CodeBlock.builder()
        .addStatement("final $T ex = $L.max(-87f).min(88f)", vector, x)
        .add("// n = round(x / ln 2): adding 1.5 * 2^23 rounds it into the low mantissa bits.\n")
        .addStatement("final $T et = ex.mul(1.44269504088896341f).add(12582912f)", vector)
        .addStatement("final $T en = et.sub(12582912f)", vector)
        .addStatement("final $T er = ex.sub(en.mul(0.693359375f)).sub(en.mul(-2.12194440e-4f))", vector)
        .addStatement("final $T ey = er.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(er).add(8.3334519073e-3f)"
            + ".mul(er).add(4.1665795894e-2f).mul(er).add(1.6666665459e-1f).mul(er).add(5.0000001201e-1f)"
            + ".mul(er.mul(er)).add(er).add(1f)", vector)
        .add("// 2^n from the rounded bits: (n + 127) << 23, where et's bits are 0x4B400000 + n.\n")
        .addStatement("final $T $L = ey.mul(($T) (($T) et.viewAsIntegralLanes()).sub(0x4B400000 - 127)"
            + ".lanewise($T.LSHL, 23).viewAsFloatingLanes())", vector, name, vector, ints,
            ClassName.get(PACKAGE, "VectorOperators"))
        .build();
  }

  /**
   * {@code grad[i] *= f'(z)} through the activated output, a vector at a time, in the portable backend's
   * operation order (so the same values come out); LINEAR and SOFTMAX write nothing.
   */
  static CodeBlock activationBackward(Activation activation, Precision p, String grad, String out, int n) {
    if (activation == Activation.LINEAR || activation == Activation.SOFTMAX) {
      return CodeBlock.of("");
    }
    ClassName vector = vector(p);
    CodeBlock.Builder code = CodeBlock.builder()
        .add("// Through $L, a vector at a time: the gradient now holds dLoss/dZ.\n", activation);
    code.add("{\n").indent();
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", n);
    code.addStatement("final $T g = $T.fromArray(SPECIES, $L, i)", vector, vector, grad);
    code.addStatement("final $T o = $T.fromArray(SPECIES, $L, i)", vector, vector, out);
    switch (activation) {
      case RELU -> code.addStatement("$T.zero(SPECIES).blend(g, o.compare($T.GT, 0)).intoArray($L, i)", vector,
          ClassName.get(PACKAGE, "VectorOperators"), grad);
      case SIGMOID -> code.addStatement("g.mul(o.mul(o.neg().add(1))).intoArray($L, i)", grad);
      default -> code.addStatement("g.mul(o.mul(o).neg().add(1)).intoArray($L, i)", grad);
    }
    code.endControlFlow();
    code.beginControlFlow("for (; i < $L; i++)", n);
    code.addStatement(ActivationCode.backwardStatement(activation, p, grad, out));
    code.endControlFlow();
    return code.unindent().add("}\n").build();
  }

  /**
   * Adds the sum of {@code n} values of {@code array} from {@code start} to {@code target}: vector partial sums,
   * one horizontal sum, then the scalar tail. Declares nothing outside its own braces.
   */
  static CodeBlock addSum(Precision p, String target, String array, String start, int n) {
    ClassName vector = vector(p);
    String at = start.equals("0") ? "i" : start + " + i";
    return CodeBlock.builder()
        .add("{\n").indent()
        .addStatement("$T s = $T.zero(SPECIES)", vector, vector)
        .addStatement("int i = 0")
        .beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", n)
        .addStatement("s = s.add($T.fromArray(SPECIES, $L, $L))", vector, array, at)
        .endControlFlow()
        .addStatement("$T sum = sumLanes(s)", p.type())
        .beginControlFlow("for (; i < $L; i++)", n)
        .addStatement("sum += $L[$L]", array, at)
        .endControlFlow()
        .addStatement("$L += sum", target)
        .unindent().add("}\n")
        .build();
  }
}
