package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javax.lang.model.element.Modifier;

/** How the register-blocked products split a dimension into blocks, and the method each block shape gets. */
final class RegisterBlocks {
  /**
   * The vector class's static final choosing the block sizes for 32 vector registers (AVX-512, aarch64) over those
   * for 16 (AVX2, SSE): C2 folds it, so only one set of loops is compiled.
   */
  static final String BIG_BLOCKS = "BIG_BLOCKS";

  /** The system property that overrides {@link #BIG_BLOCKS}: big or small, for the tests of both. */
  static final String PROPERTY = "fovea.blocks";

  /** Rows per block when a block is one vector wide, so that each load serves 8 multiply-adds. */
  private static final int TALL = 8;

  /** Rows per block otherwise. */
  private static final int ROWS = 4;

  private RegisterBlocks() {}

  /**
   * A broadcast product's block, rows (broadcast values) by column vectors, with 32 vector registers and with 16.
   * A block holds rows x columns accumulators, plus a register per loaded vector and one for the broadcast.
   */
  record Sizes(int bigRows, int bigColumns, int smallRows, int smallColumns) {
    boolean same() {
      return bigRows == smallRows && bigColumns == smallColumns;
    }
  }

  /**
   * The block sizes of a broadcast product over rows of {@code columns} values (a multiple of
   * {@link VectorCode#ALIGN}). With 32 registers, 16-value vectors and up to 4 x 4 accumulators (21 registers);
   * with 16, 8-value vectors and up to 4 x 3 (16 registers), since 4 x 4 would spill.
   */
  static Sizes broadcast(int columns) {
    int big = columnBlock(columns / VectorCode.ALIGN, 4);
    int small = columnBlock(columns / 8, 3);
    return new Sizes(big == 1 ? TALL : ROWS, big, small == 1 ? TALL : ROWS, small);
  }

  /**
   * Vectors per block for rows of {@code vectors} vectors: of max down to 2, the one leaving the fewest vectors to
   * single-vector blocks (then the larger), so that few loads and broadcasts go to a narrow block.
   */
  private static int columnBlock(int vectors, int max) {
    int best = 1;
    for (int block = max; block >= 2; block--) {
      if (vectors >= block && (best == 1 || vectors % block < vectors % best)) {
        best = block;
      }
    }
    return best;
  }

  /** The block sizes a dimension of {@code count} splits into: whole blocks, then the remainder. */
  static List<Integer> shapes(int count, int block) {
    List<Integer> shapes = new ArrayList<>();
    if (count >= block) {
      shapes.add(block);
    }
    if (count % block != 0) {
      shapes.add(count % block);
    }
    return shapes;
  }

  /** A loop over whole blocks of a dimension, then one block of the remainder, calling body with the block size. */
  static void loop(CodeBlock.Builder code, String var, int count, int block, IntConsumer body) {
    int full = count / block * block;
    if (full > 0) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", var, var, full, var, block);
      body.accept(block);
      code.endControlFlow();
    }
    if (full < count) {
      code.add("{\n").indent();
      code.addStatement("final int $L = $L", var, full);
      body.accept(count - full);
      code.unindent().add("}\n");
    }
  }

  /**
   * The method of one block shape, taking the block's first row and column. Each shape gets its own because C2
   * inlines the Vector API's calls within a budget per method, and vectors past the budget are boxed (allocated).
   */
  static MethodSpec method(String name, String javadoc, String rowVar, String columnVar, CodeBlock body) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n", javadoc)
        .addParameter(TypeName.INT, rowVar, Modifier.FINAL)
        .addParameter(TypeName.INT, columnVar, Modifier.FINAL)
        .addCode(body)
        .build();
  }
}
