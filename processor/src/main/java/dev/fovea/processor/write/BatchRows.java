package dev.fovea.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.function.IntConsumer;
import javax.lang.model.element.Modifier;

/**
 * What the batch forms of layers share: the static method over a micro-batch's rows, and the loop that takes the
 * rows a block of samples at a time (each sample's arrays in locals) and then one at a time.
 */
final class BatchRows {
  private BatchRows() {}

  /** {@code private static void name(Self[] rows, int n)}: the layer over rows 0..n-1. */
  static MethodSpec method(ClassName self, String name, String javadoc, CodeBlock code) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(javadoc)
        .addParameter(ArrayTypeName.of(self), "rows")
        .addParameter(TypeName.INT, "n")
        .addCode(code)
        .build();
  }

  /**
   * {@code int k = 0}, then rows k..k+samples-1 at a time while that many are left, then one at a time: the body
   * writes its code for a block of the given number of samples, sample s being {@link #row}(s).
   */
  static void blocks(CodeBlock.Builder code, int samples, IntConsumer body) {
    code.addStatement("int k = 0");
    if (samples > 1) {
      code.beginControlFlow("for (; k + $L <= n; k += $L)", samples, samples);
      body.accept(samples);
      code.endControlFlow();
    }
    code.beginControlFlow("for (; k < n; k++)");
    body.accept(1);
    code.endControlFlow();
  }

  /** Sample s of the current block. */
  static String row(int s) {
    return s == 0 ? "rows[k]" : "rows[k + " + s + "]";
  }

  /** {@code final float[] name0 = rows[k].field, name1 = ...} for the samples of a block. */
  static void locals(CodeBlock.Builder code, Precision p, String name, String field, int samples) {
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T $L$L = $L.$L", p.arrayType(), name, s, row(s), field);
    }
  }

  /**
   * Passes over {@code units} units from {@code o}: {@code perPass} at a time, then one at a time for the rest;
   * {@code pass} writes one pass of the given number of units.
   */
  static void unitPasses(CodeBlock.Builder code, int units, int perPass, IntConsumer pass) {
    int blocked = units / perPass * perPass;
    if (blocked > 0) {
      code.beginControlFlow("for (int o = 0; o < $L; o += $L)", blocked, perPass);
      pass.accept(perPass);
      code.endControlFlow();
    }
    if (blocked < units) {
      code.beginControlFlow("for (int o = $L; o < $L; o++)", blocked, units);
      pass.accept(1);
      code.endControlFlow();
    }
  }
}
