package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.fovea.annotations.Activation;
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
   * vectors), and LANES, its length: static finals, so C2 folds both into the code as constants.
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
    return new FieldSpec[] {speciesField, lanes};
  }

  /**
   * {@code out[i] = f(out[i])} over n values with vector math (EXP and TANH are the JDK's vector intrinsics,
   * within an ulp or so of Math's), then a scalar tail; LINEAR and SOFTMAX write nothing.
   */
  static CodeBlock activation(Activation activation, Precision p, String out, int n) {
    if (activation == Activation.LINEAR || activation == Activation.SOFTMAX) {
      return CodeBlock.of("");
    }
    ClassName ops = ClassName.get(PACKAGE, "VectorOperators");
    CodeBlock.Builder code = CodeBlock.builder().add("// $L, in place, a vector at a time.\n", activation);
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", n);
    code.addStatement("final $T v = $T.fromArray(SPECIES, $L, i)", vector(p), vector(p), out);
    if (activation == Activation.SIGMOID) {
      code.addStatement("$T.broadcast(SPECIES, 1).div(v.neg().lanewise($T.EXP).add(1)).intoArray($L, i)",
          vector(p), ops, out);
    } else if (activation == Activation.TANH) {
      code.addStatement("v.lanewise($T.TANH).intoArray($L, i)", ops, out);
    } else {
      code.addStatement("v.max(0).intoArray($L, i)", out);
    }
    code.endControlFlow();
    code.beginControlFlow("for (; i < $L; i++)", n);
    code.add(scalarActivation(activation, p, out));
    code.endControlFlow();
    return code.build();
  }

  private static CodeBlock scalarActivation(Activation activation, Precision p, String out) {
    return switch (activation) {
      case RELU -> CodeBlock.of("$L[i] = Math.max($L[i], $L);\n", out, out, p.literal(0));
      case SIGMOID -> CodeBlock.of("$L[i] = $L(1.0 / (1.0 + Math.exp(-$L[i])));\n", out, p.narrow(), out);
      case TANH -> CodeBlock.of("$L[i] = $LMath.tanh($L[i]);\n", out, p.narrow(), out);
      case LINEAR, SOFTMAX -> CodeBlock.of("");
    };
  }
}
