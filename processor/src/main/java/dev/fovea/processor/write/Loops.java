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

  /** Closes the innermost {@code count} loops this opened (or left out). */
  void close(int count) {
    for (int i = 0; i < count; i++) {
      if (opened.pop()) {
        code.endControlFlow();
      }
    }
  }
}
