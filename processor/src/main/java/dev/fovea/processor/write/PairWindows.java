package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Shape;

/**
 * The inference pass of max or average pooling over 2x2 windows at strides 2 in float vectors. First down each
 * window's two rows (their maximum, or their sum) at every input column an output row reads, a vector at a time,
 * into one buffer of all output rows; that buffer then holds each output's two columns side by side, so the second
 * step runs over it flat, across rows and channels. An average is ((a + c) + (b + d)) / 4 for the window
 * [[a, b], [c, d]]: within a rounding of the training order's sum, which the scalar loops keep. The scalar loops
 * this replaces took 9 of W2's 66 us per image on a Zen 5 (max), and 1.8 of W1's 17 (average).
 *
 * @param max the maximum of each window, or else its average
 * @param in the pooled input's shape
 * @param out the output's shape
 * @param source the input array
 * @param target the output array, exactly as long as {@code out}: the vector loop writes up to its last value
 * @param rows the buffer of the rows' maxima or sums, {@link #rowsSize} values
 */
record PairWindows(boolean max, Shape in, Shape out, String source, String target, String rows) {
  private static final ClassName FLOATS = VectorCode.vector(Precision.FLOAT);

  private static final ClassName INTS = ClassName.get("jdk.incubator.vector", "IntVector");

  private static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

  /** Whether a pooling layer's inference pass can take this form: float vectors, windows and strides 2x2. */
  static boolean fits(Pool2DSpec pool, Precision p, Backend backend) {
    return backend == Backend.VECTOR && p == Precision.FLOAT && pool.windowHeight() == 2 && pool.windowWidth() == 2
        && pool.strideHeight() == 2 && pool.strideWidth() == 2 && !pool.reachesOutside();
  }

  /**
   * Values in the rows' buffer: for every channel and output row, the two input columns of each output, and room
   * for a last row's whole vector.
   */
  static int rowsSize(Shape out) {
    return out.channels() * out.height() * 2 * out.width() + VectorCode.ALIGN;
  }

  CodeBlock code() {
    CodeBlock.Builder code = CodeBlock.builder();
    int columns = 2 * out.width();
    int w = in.width();
    code.add("// Down each window's two rows at the $L input columns an output row reads.\n", columns);
    Loops.counted(code, "c", out.channels());
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int top = $L", sum(0, times("c", in.area()), times("oy", 2 * w)));
    code.addStatement("final int row = $L", sum(0, times("c", out.height() * columns), times("oy", columns)));
    code.beginControlFlow("if ($L >= LANES)", columns);
    code.beginControlFlow("for (int x = 0; x < $L - LANES; x += LANES)", columns);
    code.add(downVector("x"));
    code.endControlFlow();
    code.add("// The last vector overlaps the one before rather than leave a scalar tail.\n");
    code.add(downVector(columns + " - LANES"));
    code.nextControlFlow("else if (top + $L + LANES <= $L)", w, in.size());
    code.add("// One vector: the values past the row's columns land where the next row or the buffer's end goes.\n");
    code.add(downVector(""));
    code.nextControlFlow("else");
    Loops.counted(code, "x", columns);
    code.addStatement("$L[row + x] = $L", rows, scalar(source + "[top + x]", source + "[top + x + " + w + "]"));
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    int n = out.size();
    code.add("// Across each window's two columns, side by side in the buffer: rotating each pair as one long swaps\n"
        + "// its floats, so the $L lands in both; narrowing the longs to ints keeps the low one of each pair\n"
        + "// (the outputs) in the lower half of the vector, and zeros in the upper half, which the next store or the\n"
        + "// scalar tail writes over.\n", max ? "maximum" : "sum");
    code.addStatement("int q = 0");
    code.beginControlFlow("for (; q <= $L - LANES; q += LANES / 2)", n);
    code.addStatement("final $T pairs = $T.fromArray(SPECIES, $L, 2 * q)", FLOATS, FLOATS, rows);
    code.addStatement("final $T swapped = pairs.reinterpretAsLongs().lanewise($T.ROR, 32).reinterpretAsFloats()",
        FLOATS, OPERATORS);
    code.addStatement("(($T) $L.reinterpretAsLongs().convert($T.L2I, 0)).reinterpretAsFloats().intoArray($L, q)",
        INTS, max ? "pairs.max(swapped)" : "pairs.add(swapped).mul(0.25f)", OPERATORS, target);
    code.endControlFlow();
    code.beginControlFlow("for (; q < $L; q++)", n);
    code.addStatement("$L[q] = $L", target, max ? scalar(rows + "[2 * q]", rows + "[2 * q + 1]")
        : "(" + scalar(rows + "[2 * q]", rows + "[2 * q + 1]") + ") * 0.25f");
    code.endControlFlow();
    return code.build();
  }

  /** The maximum or the sum of two scalar expressions. */
  private String scalar(String a, String b) {
    return max ? "java.lang.Math.max(" + a + ", " + b + ")" : a + " + " + b;
  }

  /** Stores the maxima or sums down two input rows of one vector of columns from x ("" for the first). */
  private CodeBlock downVector(String x) {
    return CodeBlock.builder().addStatement("$T.fromArray(SPECIES, $L, $L).$L($T.fromArray(SPECIES, $L, $L))"
        + ".intoArray($L, $L)", FLOATS, source, sum(0, "top", x), max ? "max" : "add", FLOATS, source,
        sum(in.width(), "top", x), rows, sum(0, "row", x)).build();
  }
}
