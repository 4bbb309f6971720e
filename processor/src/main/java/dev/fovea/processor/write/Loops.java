package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Opens counted loops and closes them again, leaving out a loop that would run once: its variable is then 0,
 * named by the empty string, which {@link Index} drops from every index expression.
 */
final class Loops {
  private final CodeBlock.Builder code;
  private final Deque<Boolean> opened = new ArrayDeque<>();

  Loops(CodeBlock.Builder code) {
    this.code = code;
  }

  /** Opens {@code for (int var = 0; var < count; var++)} and returns var, or opens nothing and returns "". */
  String open(String var, int count) {
    boolean loop = count != 1;
    if (loop) {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, count, var);
    }
    opened.push(loop);
    return loop ? var : "";
  }

  /**
   * Opens {@code for (int var = 0; var < count; var++)}, or when {@code count} is 1 a block that declares
   * {@code final int var = 0}, a constant javac folds into every index that uses it; either way the caller closes
   * it with {@code endControlFlow()}. For loops whose bodies are written with the variable's name.
   */
  static void counted(CodeBlock.Builder code, String var, Object count) {
    if (Integer.valueOf(1).equals(count)) {
      code.add("{\n$>").addStatement("final int $L = 0", var);
    } else {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, count, var);
    }
  }

  /**
   * Opens {@code for (int var = first; var < last; var++)}; from "0", last may be a count, as in {@link #counted}
   * (a single iteration is no loop). Closed by one endControlFlow.
   */
  static void range(CodeBlock.Builder code, String var, String first, Object last) {
    if (first.equals("0")) {
      counted(code, var, last);
    } else {
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", var, first, var, last, var);
    }
  }

  /** Closes the innermost {@code count} loops this opened (or left out). */
  void close(int count) {
    for (int i = 0; i < count; i++) {
      if (opened.pop()) {
        code.endControlFlow();
      }
    }
  }
}
