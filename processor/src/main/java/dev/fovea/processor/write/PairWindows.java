package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Shape;

/**
 * The inference pass of max pooling over 2x2 windows at strides 2 in float vectors. First the maximum down each
 * window's two rows at every input column an output row reads, a vector at a time, into one buffer of all output
 * rows; that buffer then holds each output's two column maxima side by side, so the second step runs over it
 * flat, across rows and channels. The scalar loop this replaces took 9 of W2's 66 us per image on a Zen 5.
 *
 * @param in the pooled input's shape
 * @param out the output's shape
 * @param source the input array
 * @param target the output array, exactly as long as {@code out}: the vector loop writes up to its last value
 * @param rows the buffer of the rows' maxima, {@link #rowsSize} values
 */
record PairMaxima(Shape in, Shape out, String source, String target, String rows) {
  private static final ClassName FLOATS = VectorCode.vector(Precision.FLOAT);

  private static final ClassName INTS = ClassName.get("jdk.incubator.vector", "IntVector");

  private static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

  /** Whether a max pooling layer's inference pass can take this form: float vectors, windows and strides 2x2. */
  static boolean fits(Pool2DSpec pool, Precision p, Backend backend) {
    return backend == Backend.VECTOR && p == Precision.FLOAT && pool.windowHeight() == 2 && pool.windowWidth() == 2
        && pool.strideHeight() == 2 && pool.strideWidth() == 2 && !pool.reachesOutside();
  }

  /** Values in the rows' buffer: for every channel and output row, the two input columns of each output. */
  static int rowsSize(Shape out) {
    return out.channels() * out.height() * 2 * out.width();
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
    code.nextControlFlow("else");
    Loops.counted(code, "x", columns);
    code.addStatement("$L[row + x] = java.lang.Math.max($L[top + x], $L[top + x + $L])", rows, source, source, w);
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    int n = out.size();
    code.add("// Across each window's two columns, side by side in the buffer: rotating each pair as one long swaps\n"
        + "// its floats, so the maximum lands in both; narrowing the longs to ints keeps the low one of each pair\n"
        + "// (the outputs) in the lower half of the vector, and zeros in the upper half, which the next store or the\n"
        + "// scalar tail writes over.\n");
    code.addStatement("int q = 0");
    code.beginControlFlow("for (; q <= $L - LANES; q += LANES / 2)", n);
    code.addStatement("final $T pairs = $T.fromArray(SPECIES, $L, 2 * q)", FLOATS, FLOATS, rows);
    code.addStatement("final $T swapped = pairs.reinterpretAsLongs().lanewise($T.ROR, 32).reinterpretAsFloats()",
        FLOATS, OPERATORS);
    code.addStatement("(($T) pairs.max(swapped).reinterpretAsLongs().convert($T.L2I, 0)).reinterpretAsFloats()"
        + ".intoArray($L, q)", INTS, OPERATORS, target);
    code.endControlFlow();
    code.beginControlFlow("for (; q < $L; q++)", n);
    code.addStatement("$L[q] = java.lang.Math.max($L[2 * q], $L[2 * q + 1])", target, rows, rows);
    code.endControlFlow();
    return code.build();
  }

  /** Stores the maxima down two input rows of one vector of columns from x. */
  private CodeBlock downVector(String x) {
    return CodeBlock.builder().addStatement("$T.fromArray(SPECIES, $L, top + $L)"
        + ".max($T.fromArray(SPECIES, $L, top + $L + $L)).intoArray($L, row + $L)",
        FLOATS, source, x, FLOATS, source, x, in.width(), rows, x).build();
  }
}
