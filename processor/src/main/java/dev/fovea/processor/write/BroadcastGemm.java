package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The register-blocked product every vector emitter is made of: for each row j and vector of columns i,
 * {@code target(j, i) = init(j) + sum over t of scalar(j, t) * vector(i, t)}, where a row's value is broadcast
 * and a column vector is LANES contiguous values. A block holds rows x columns accumulators in registers, so
 * each loaded vector serves a block's rows of FMAs and each broadcast its columns.
 *
 * @param method the prefix of the block methods: each block shape gets a method of its own, because C2 inlines the
 *     Vector API's calls within a budget per method, and vectors past the budget are boxed (allocated)
 * @param rowVar the loop variable over rows, stepping by the block's rows (a tail block of fewer rows follows)
 * @param rows how many rows
 * @param columnVar the loop variable over columns, stepping by the block's vectors, then one vector at a time
 * @param columns how many columns, a multiple of {@link VectorCode#ALIGN} so they split into whole vectors
 * @param sizes rows and vectors per block, for 32 vector registers and for 16: where they differ, both sets of
 *     loops and methods are written and {@link RegisterBlocks#BIG_BLOCKS} picks one when the class initialises
 * @param sumVar the loop variable of the sum
 * @param sumLength how many terms the sum has
 * @param init row j's starting value, a scalar expression, or null for zero
 * @param scalar row j's factor at sumVar
 * @param vector the array and index of column vector i at sumVar, as {@code "array, index"}
 * @param target the array and index where the accumulator of row j, column vector i goes: {@code "array, index"}
 */
record BroadcastGemm(
    String method, String rowVar, int rows, String columnVar, int columns, RegisterBlocks.Sizes sizes,
    String sumVar, int sumLength, IntFunction<String> init, IntFunction<String> scalar, IntFunction<String> vector,
    TargetIndex target) {

  /** Where the accumulator of row j and column vector i is stored. */
  interface TargetIndex {
    String of(int row, int columnVector);
  }

  /** The loop variables over panels and chunks (see {@link CacheBlocks}) and the ends of the current ones. */
  private static final String PANEL = "panel";

  private static final String PANEL_END = "panelEnd";

  private static final String CHUNK = "chunk";

  private static final String CHUNK_END = "chunkEnd";

  /** The block methods' bounds of the sum when it is cut into chunks. */
  private static final String SUM_FROM = "sumFrom";

  private static final String SUM_TO = "sumTo";

  /** The suffix of the block methods that continue a sum from the targets. */
  private static final String MORE = "More";

  /** Column vector i's offset from the column loop variable, e.g. {@code "p + 2 * LANES"}. */
  String column(int i) {
    return i == 0 ? columnVar : columnVar + " + " + (i == 1 ? "LANES" : i + " * LANES");
  }

  /** Row j of the current block, e.g. {@code "co + 2"}. */
  String row(int j) {
    return j == 0 ? rowVar : rowVar + " + " + j;
  }

  /** The loops that call the block methods: one set, or both and the static final that picks. */
  CodeBlock code() {
    return code(null);
  }

  /**
   * The loops over one span of the rows or of the columns only (see {@link GemmSpan}), the panels and chunks
   * running inside it: every accumulator still sums the same terms in the same order, whatever the span.
   */
  CodeBlock code(GemmSpan span) {
    CodeBlock.Builder code = CodeBlock.builder().add("{\n").indent();
    if (sizes.same()) {
      loops(code, sizes.bigRows(), sizes.bigColumns(), span);
    } else {
      code.beginControlFlow("if ($L)", RegisterBlocks.BIG_BLOCKS);
      loops(code, sizes.bigRows(), sizes.bigColumns(), span);
      code.nextControlFlow("else");
      loops(code, sizes.smallRows(), sizes.smallColumns(), span);
      code.endControlFlow();
    }
    return code.unindent().add("}\n").build();
  }

  /** Rows a row span's bounds are a multiple of: a whole number of blocks for either set of sizes. */
  int rowUnit() {
    int unit = sizes.bigRows();
    while (unit % sizes.smallRows() != 0) {
      unit += sizes.bigRows();
    }
    return unit;
  }

  /** Every row block of the span's rows (all rows without a row span), calling body with the block's rows. */
  private void rowLoop(CodeBlock.Builder code, int rowBlock, GemmSpan span, IntConsumer body) {
    if (span == null || !span.rows()) {
      RegisterBlocks.loop(code, rowVar, rows, rowBlock, body);
      return;
    }
    if (rows >= rowBlock) {
      code.beginControlFlow("for (int $L = $L; $L <= $L - $L; $L += $L)", rowVar, span.from(), rowVar, span.to(),
          rowBlock, rowVar, rowBlock);
      body.accept(rowBlock);
      code.endControlFlow();
    }
    if (rows % rowBlock != 0) {
      // Spans end on whole blocks of both sizes but the last, which alone holds the remainder.
      code.beginControlFlow("if ($L == $L && $L < $L)", span.to(), rows, span.from(), span.to());
      code.addStatement("final int $L = $L", rowVar, rows / rowBlock * rowBlock);
      body.accept(rows % rowBlock);
      code.endControlFlow();
    }
  }

  /**
   * Every row block over every column block. Where the operands outgrow the cache, the columns are cut into panels,
   * taken outermost, and the sum into chunks ({@link CacheBlocks}): each row block then reads column vectors the
   * previous one left in the cache, instead of streaming the whole operand from memory once per row block
   * (ResNet-18's first 3x3 layers have 576 x 3,136 columns, 7 MB).
   */
  private void loops(CodeBlock.Builder code, int rowBlock, int columnBlock, GemmSpan span) {
    int chunk = chunk();
    int panel = CacheBlocks.panel(columns, chunk, columnBlock);
    boolean columnSpan = span != null && !span.rows();
    String from = columnSpan ? span.from() : "0";
    String to = columnSpan ? span.to() : String.valueOf(columns);
    if (panel < columns) {
      code.beginControlFlow("for (int $L = $L; $L < $L; $L += $L)", PANEL, from, PANEL, to, PANEL, panel);
      code.addStatement("final int $L = $T.min($L + $L, $L)", PANEL_END, Math.class, PANEL, panel, to);
      from = PANEL;
      to = PANEL_END;
    }
    String panelFrom = from;
    String panelTo = to;
    if (chunk == sumLength) {
      rowLoop(code, rowBlock, span, r -> columns(code, r, columnBlock, panelFrom, panelTo, "", ""));
    } else {
      code.add("// The sum's first $L terms start from the initial values, later chunks from the stored sums.\n", chunk);
      rowLoop(code, rowBlock, span,
          r -> columns(code, r, columnBlock, panelFrom, panelTo, "", ", " + chunk));
      code.beginControlFlow("for (int $L = $L; $L < $L; $L += $L)", CHUNK, chunk, CHUNK, sumLength, CHUNK, chunk);
      code.addStatement("final int $L = $T.min($L + $L, $L)", CHUNK_END, Math.class, CHUNK, chunk, sumLength);
      rowLoop(code, rowBlock, span,
          r -> columns(code, r, columnBlock, panelFrom, panelTo, MORE, ", " + CHUNK + ", " + CHUNK_END));
      code.endControlFlow();
    }
    if (panel < columns) {
      code.endControlFlow();
    }
  }

  private int chunk() {
    return CacheBlocks.chunk(rows, columns, sumLength);
  }

  private void columns(CodeBlock.Builder code, int blockRows, int columnBlock, String from, String to, String suffix,
      String sumBounds) {
    code.addStatement("int $L = $L", columnVar, from);
    code.beginControlFlow("for (; $L <= $L - $L; $L += $L)", columnVar, to,
        columnBlock == 1 ? "LANES" : columnBlock + " * LANES", columnVar,
        columnBlock == 1 ? "LANES" : columnBlock + " * LANES");
    code.addStatement("$L($L, $L$L)", blockName(blockRows, columnBlock) + suffix, rowVar, columnVar, sumBounds);
    code.endControlFlow();
    if (columnBlock > 1) {
      code.beginControlFlow("for (; $L < $L; $L += LANES)", columnVar, to, columnVar);
      code.addStatement("$L($L, $L$L)", blockName(blockRows, 1) + suffix, rowVar, columnVar, sumBounds);
      code.endControlFlow();
    }
  }

  private String blockName(int blockRows, int blockColumns) {
    return method + blockRows + "x" + blockColumns;
  }

  /** One method per block shape the loops call (of both sets of sizes, each shape once). */
  List<MethodSpec> methods(Precision p, String javadoc) {
    Map<String, MethodSpec> methods = new LinkedHashMap<>();
    addMethods(methods, p, javadoc, sizes.bigRows(), sizes.bigColumns());
    addMethods(methods, p, javadoc, sizes.smallRows(), sizes.smallColumns());
    return new ArrayList<>(methods.values());
  }

  private void addMethods(Map<String, MethodSpec> methods, Precision p, String javadoc, int rowBlock,
      int columnBlock) {
    for (int r : RegisterBlocks.shapes(rows, rowBlock)) {
      for (int c : columnBlock > 1 ? List.of(columnBlock, 1) : List.of(1)) {
        String doc = String.format("%s: rows %s.. + %d, column vectors %s.. + %d", javadoc, rowVar, r, columnVar, c);
        if (chunk() == sumLength) {
          methods.computeIfAbsent(blockName(r, c), name -> RegisterBlocks.method(name, doc + ".", rowVar, columnVar,
              block(p, r, c, false)));
          continue;
        }
        methods.computeIfAbsent(blockName(r, c), name -> RegisterBlocks.method(name,
            doc + ", the sum's terms up to " + SUM_TO + ".", rowVar, columnVar, block(p, r, c, false)).toBuilder()
            .addParameter(TypeName.INT, SUM_TO, Modifier.FINAL).build());
        methods.computeIfAbsent(blockName(r, c) + MORE, name -> RegisterBlocks.method(name,
            doc + ", adding the sum's terms " + SUM_FROM + " to " + SUM_TO + " to the stored sums.", rowVar, columnVar,
            block(p, r, c, true)).toBuilder()
            .addParameter(TypeName.INT, SUM_FROM, Modifier.FINAL)
            .addParameter(TypeName.INT, SUM_TO, Modifier.FINAL).build());
      }
    }
  }

  /** A block's body: its accumulators start from init (or, continuing a cut sum, from the targets), sum, and store. */
  private CodeBlock block(Precision p, int blockRows, int blockColumns, boolean more) {
    CodeBlock.Builder code = CodeBlock.builder();
    var type = VectorCode.vector(p);
    for (int j = 0; j < blockRows; j++) {
      String start = init.apply(j);
      for (int i = 0; i < blockColumns; i++) {
        if (more) {
          code.addStatement("$T a$L$L = $T.fromArray(SPECIES, $L)", type, j, i, type, target.of(j, i));
        } else if (start == null) {
          code.addStatement("$T a$L$L = $T.zero(SPECIES)", type, j, i, type);
        } else {
          code.addStatement("$T a$L$L = $T.broadcast(SPECIES, $L)", type, j, i, type, start);
        }
      }
    }
    if (chunk() == sumLength) {
      Loops.counted(code, sumVar, sumLength);
    } else {
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", sumVar, more ? SUM_FROM : "0", sumVar, SUM_TO, sumVar);
    }
    for (int i = 0; i < blockColumns; i++) {
      code.addStatement("final $T x$L = $T.fromArray(SPECIES, $L)", type, i, type, vector.apply(i));
    }
    for (int j = 0; j < blockRows; j++) {
      code.addStatement("final $T w$L = $T.broadcast(SPECIES, $L)", type, j, type, scalar.apply(j));
      for (int i = 0; i < blockColumns; i++) {
        code.addStatement("a$L$L = $L", j, i, FmaCode.vector("x" + i, "w" + j, "a" + j + i));
      }
    }
    code.endControlFlow();
    for (int j = 0; j < blockRows; j++) {
      for (int i = 0; i < blockColumns; i++) {
        code.addStatement("a$L$L.intoArray($L)", j, i, target.of(j, i));
      }
    }
    return code.build();
  }
}
