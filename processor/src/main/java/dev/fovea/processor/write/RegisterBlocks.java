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
  private RegisterBlocks() {}

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
