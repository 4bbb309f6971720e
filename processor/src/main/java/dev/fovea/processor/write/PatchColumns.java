package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.Shape;
import java.util.Arrays;

/**
 * A GEMM convolution's unrolled patches (im2col): columns[k][cell] is the padded input under tap k at that output
 * cell, in rows of {@code cellRow}; a kernel row's cells are contiguous at stride 1.
 *
 * @param conv the convolution
 * @param out the output's shape
 * @param p the precision
 * @param layout where the source keeps its cells (the input itself is laid out like a padding of zero)
 * @param source the array the patches are read from
 * @param sourceSize its length
 * @param columns the array they are written to
 * @param cellRow values per tap's row of the columns
 * @param zeroScratch whether the values past the cells in each row must be zero (the cell sums read them)
 */
record PatchColumns(Conv2DSpec conv, Shape out, Precision p, PaddedLayout layout, String source, int sourceSize,
    String columns, int cellRow, boolean zeroScratch) {

  /**
   * Shorter rows are copied a vector at a time (or value by value, below {@link #SHORTEST_VECTOR_ROW}), sparing
   * System.arraycopy's fixed cost per call (W2.conv2 copies 3,168 of 11).
   */
  private static final int SHORTEST_ARRAYCOPY = 32;

  /**
   * Narrower rows are copied value by value: W2.conv3's rows of 3 took longer a vector at a time (9.2 -> 11-12 us),
   * each vector's values past the row overlapping the next stores, which the product then reads.
   */
  private static final int SHORTEST_VECTOR_ROW = 8;

  /** Every tap's row of the columns. */
  CodeBlock code() {
    CodeBlock.Builder code = CodeBlock.builder();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int taps = layout.padded().channels() * kh * kw;
    code.add("// Columns: tap k = (ci * $L + ky) * $L + kx at cell oy * $L + ox reads padded cell (ci, $L, $L).\n", kh,
        kw, out.width(), sum(0, times("oy", conv.strideHeight()), "ky"), sum(0, times("ox", conv.strideWidth()), "kx"));
    Loops loops = new Loops(code);
    String ci = loops.open("ci", layout.padded().channels());
    String ky = loops.open("ky", kh);
    String kx = loops.open("kx", kw);
    code.addStatement("final int row = $L", sum(0, times(ci, kh * kw * cellRow), times(ky, kw * cellRow),
        times(kx, cellRow)));
    if (vectorRows()) {
      vectorColumns(code, layout.cell(ci, ky, kx), taps);
    } else {
      Loops.counted(code, "oy", out.height());
      code.addStatement("final int from = $L", layout.cell(ci, ky, kx, times("oy", inputRowStep())));
      if (conv.strideWidth() == 1) {
        code.addStatement("$T.arraycopy($L, from, $L, $L, $L)", System.class, source, columns, to(), out.width());
      } else {
        scalarRow(code);
      }
      code.endControlFlow();
    }
    loops.close(3);
    int cells = out.area();
    if (vectorRows() && zeroScratch && cellRow > cells) {
      code.add("// The cell sums read the scratch columns too, and need them zero.\n");
      Loops.counted(code, "k", taps);
      code.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, columns, sum(cells, times("k", cellRow)),
          sum(cellRow, times("k", cellRow)), p.literal(0));
      code.endControlFlow();
    }
    return code.build();
  }

  /**
   * Whether a kernel row's cells are copied a vector at a time: at stride 1 where they are too few for
   * System.arraycopy, but at least {@link #SHORTEST_VECTOR_ROW}. Value by value, W2.conv2's 34,848 copies took 8 of
   * its 33 us.
   */
  private boolean vectorRows() {
    return conv.strideWidth() == 1 && out.width() >= SHORTEST_VECTOR_ROW && out.width() < SHORTEST_ARRAYCOPY;
  }

  /** Input values between one output row's first input cell and the next's. */
  private int inputRowStep() {
    return conv.strideHeight() * layout.width();
  }

  /** Where output row oy's cells start in the current tap's row of the columns. */
  private String to() {
    return sum(0, "row", times("oy", out.width()));
  }

  /**
   * The output rows under one tap a vector at a time, then value by value the rows whose vectors would run past the
   * end of either array. A row's last vector writes values past its cells, where a later copy writes (the next
   * cells, the next tap's row) or nobody reads (the scratch columns). The vectors are written out, each under a test
   * of LANES that C2 folds: a loop over them ran twice as long.
   */
  private void vectorColumns(CodeBlock.Builder code, String base, int taps) {
    int last = out.width() - 1;
    code.addStatement("final int base = $L", base);
    code.addStatement("final int vectorRows = $T.min($L, $T.min($T.floorDiv($L - LANES - base, $L), "
        + "$T.floorDiv($L - LANES - row, $L)) + 1)", Math.class, out.height(), Math.class, Math.class,
        sourceSize - last, inputRowStep(), Math.class, taps * cellRow - last, out.width());
    code.addStatement("int oy = 0");
    code.beginControlFlow("for (; oy < vectorRows; oy++)");
    code.addStatement("final int from = $L", sum(0, "base", times("oy", inputRowStep())));
    // Vectors have at least 4 lanes in float; the loop after them runs only for narrower ones.
    int written = (out.width() + 3) / 4;
    for (int i = 0; i < written; i++) {
      String x = i == 1 ? "LANES" : i + " * LANES";
      if (i > 0) {
        code.beginControlFlow("if ($L < $L)", x, out.width());
      }
      code.addStatement("$T.fromArray(SPECIES, $L, $L).intoArray($L, $L)", VectorCode.vector(p), source,
          sum(0, "from", i == 0 ? "" : x), columns, sum(0, to(), i == 0 ? "" : x));
      if (i > 0) {
        code.endControlFlow();
      }
    }
    code.beginControlFlow("for (int x = $L; x < $L; x += LANES)", written + " * LANES", out.width());
    code.addStatement("$T.fromArray(SPECIES, $L, from + x).intoArray($L, $L + x)", VectorCode.vector(p), source,
        columns, to());
    code.endControlFlow();
    code.endControlFlow();
    code.beginControlFlow("for (; oy < $L; oy++)", out.height());
    code.addStatement("final int from = $L", sum(0, "base", times("oy", inputRowStep())));
    scalarRow(code);
    code.endControlFlow();
  }

  /** Copies one output row's values under the current tap, value by value. */
  private void scalarRow(CodeBlock.Builder code) {
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[$L] = $L[$L]", columns, sum(0, to(), "ox"), source,
        sum(0, "from", times("ox", conv.strideWidth())));
    code.endControlFlow();
  }
}
