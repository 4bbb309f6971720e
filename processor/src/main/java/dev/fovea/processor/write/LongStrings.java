package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * String constants and arrays of any size as generated code: a class file holds a string constant of at most
 * 65,535 bytes and a method of at most 64 KB of bytecode, so long strings are cut into chunks joined at run time
 * and long arrays are one joined string split at run time.
 */
public final class LongStrings {
  /** Chars per chunk: at most 3 bytes each in the class file's modified UTF-8. */
  static final int CHUNK = 16_000;
  /** Up to this many elements an array is written out element by element (readable, a few bytes each). */
  static final int SHORT_ARRAY = 256;
  private static final String SEPARATOR = "\u0000";

  private LongStrings() {}

  /** An expression of type String equal to {@code value}. */
  public static CodeBlock literal(String value) {
    if (value.length() <= CHUNK) {
      return CodeBlock.of("$S", value);
    }
    List<CodeBlock> chunks = new ArrayList<>();
    for (int start = 0; start < value.length(); ) {
      int end = Math.min(start + CHUNK, value.length());
      // A surrogate pair stays in one chunk: a lone half would not survive the source file's UTF-8.
      if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
        end--;
      }
      chunks.add(CodeBlock.of("$S", value.substring(start, end)));
      start = end;
    }
    return CodeBlock.of("$T.join(\"\", $L)", String.class, CodeBlock.join(chunks, ", "));
  }

  /** An expression of type String[] equal to {@code values}. */
  public static CodeBlock array(List<String> values) {
    String joined = String.join(SEPARATOR, values);
    boolean small = values.size() <= SHORT_ARRAY && joined.length() <= CHUNK;
    if (small || values.stream().anyMatch(v -> v.contains(SEPARATOR))) {
      CodeBlock list = values.stream().map(v -> CodeBlock.of("$S", v)).collect(CodeBlock.joining(", "));
      return CodeBlock.of("new $T[] {$L}", String.class, list);
    }
    return CodeBlock.of("$L.split($S, -1)", literal(joined), SEPARATOR);
  }
}
