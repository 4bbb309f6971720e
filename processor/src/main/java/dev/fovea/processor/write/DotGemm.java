package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The register-blocked product of rows with columns where both run along the summed dimension:
 * {@code target(j, i) += sum over v of row(j)[v] * column(i)[v]}, vectors along v, one horizontal sum per
 * result. Worth it where the sum is long and the results few, e.g. a first layer's weight gradient, whose
 * few taps each sum over hundreds of output cells.
 *
 * @param method the prefix of the block methods, one per block shape (see {@link BroadcastGemm})
 * @param rowVar the loop variable over rows, stepping by rowBlock (a tail block of fewer rows follows)
 * @param rows how many rows
 * @param rowBlock rows per block
 * @param columnVar the loop variable over columns, stepping by columnBlock (then a tail block)
 * @param columns how many columns
 * @param columnBlock columns per block
 * @param length the summed length, a multiple of {@link VectorCode#ALIGN}; both operands zero past the data
 * @param row the array and start index of row j (before adding the vector offset v): {@code "array, index"}
 * @param column the same for column i
 * @param target the scalar place that result (j, i) is added to
 */
record DotGemm(
    String method, String rowVar, int rows, int rowBlock, String columnVar, int columns, int columnBlock, int length,
    IntFunction<String[]> row, IntFunction<String[]> column, BroadcastGemm.TargetIndex target) {

  /** The loops that call the block methods. */
  CodeBlock code() {
    CodeBlock.Builder code = CodeBlock.builder().add("{\n").indent();
    RegisterBlocks.loop(code, rowVar, rows, rowBlock, r -> RegisterBlocks.loop(code, columnVar, columns, columnBlock,
        c -> code.addStatement("$L($L, $L)", blockName(r, c), rowVar, columnVar)));
    return code.unindent().add("}\n").build();
  }

  private String blockName(int blockRows, int blockColumns) {
    return method + blockRows + "x" + blockColumns;
  }

  /** One method per block shape the loops call. */
  List<MethodSpec> methods(Precision p, String javadoc) {
    List<MethodSpec> methods = new ArrayList<>();
    for (int r : RegisterBlocks.shapes(rows, rowBlock)) {
      for (int c : RegisterBlocks.shapes(columns, columnBlock)) {
        CodeBlock.Builder code = CodeBlock.builder();
        block(code, p, r, c);
        methods.add(RegisterBlocks.method(blockName(r, c), String.format("%s: rows %s.. + %d, columns %s.. + %d.",
            javadoc, rowVar, r, columnVar, c), rowVar, columnVar, code.build()));
      }
    }
    return methods;
  }

  private void block(CodeBlock.Builder code, Precision p, int blockRows, int blockColumns) {
    ClassName type = VectorCode.vector(p);
    for (int j = 0; j < blockRows; j++) {
      for (int i = 0; i < blockColumns; i++) {
        code.addStatement("$T a$L$L = $T.zero(SPECIES)", type, j, i, type);
      }
    }
    code.beginControlFlow("for (int v = 0; v < $L; v += LANES)", length);
    for (int i = 0; i < blockColumns; i++) {
      String[] at = column.apply(i);
      code.addStatement("final $T x$L = $T.fromArray(SPECIES, $L, $L + v)", type, i, type, at[0], at[1]);
    }
    for (int j = 0; j < blockRows; j++) {
      String[] at = row.apply(j);
      code.addStatement("final $T r$L = $T.fromArray(SPECIES, $L, $L + v)", type, j, type, at[0], at[1]);
      for (int i = 0; i < blockColumns; i++) {
        code.addStatement("a$L$L = $L", j, i, FmaCode.vector("r" + j, "x" + i, "a" + j + i));
      }
    }
    code.endControlFlow();
    for (int j = 0; j < blockRows; j++) {
      for (int i = 0; i < blockColumns; i++) {
        code.addStatement("$L += sumLanes(a$L$L)", target.of(j, i), j, i);
      }
    }
  }
}
