package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Conv2D on the Vector API as matrix products over unrolled patches (im2col), for any stride and padding.
 * With K = C * kh * kw taps and P output cells: the forward pass is Z[F][P] = W[F][K] x columns[K][P], vectors
 * running along the cells, so wide and narrow layers alike fill whole vectors; the weight gradient is
 * dW[F][K] = dZ[F][P] x rows[P][K], vectors along the taps; the input gradient is columns' gradient
 * W^T[K][F] x dZ[F][P], folded back onto the input cells (col2im). No product needs a horizontal sum.
 */
public final class GemmConvEmitter implements LayerEmitter {
  /** Rows per block of the cell-sum product: 4 x 3 accumulators, 3 loads and a row's vector fit 16 registers. */
  private static final int ROW_BLOCK = 4;

  /** Columns per block of the cell-sum product, whose columns are single values. */
  private static final int COLUMN_BLOCK = 3;

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

  /** Kernel rows up to this wide are copied value by value; wider ones with System.arraycopy. */
  private static final int UNROLLED_ROW = 8;

  private final LayerPlan layer;
  private final Conv2DSpec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape out;
  private final int taps;
  private final int cells;
  private final int cellRow;
  private final int tapRow;
  private final ParamPlan weights;
  private final boolean cellSums;

  public GemmConvEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.conv = (Conv2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.out = layer.output();
    this.taps = in.channels() * conv.kernelHeight() * conv.kernelWidth();
    this.cells = out.area();
    this.cellRow = VectorCode.aligned(cells);
    this.tapRow = VectorCode.aligned(taps);
    this.weights = layer.weight().orElseThrow();
    this.cellSums = ConvStrategy.cellSums(layer);
  }

  /** Whether every buffer fits a Java array. */
  static boolean fits(LayerPlan layer) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    long taps = (long) layer.input().channels() * conv.kernelHeight() * conv.kernelWidth();
    long cells = layer.output().area();
    long largest = Math.max((taps + VectorCode.ALIGN) * (cells + VectorCode.ALIGN),
        (long) layer.output().channels() * (cells + VectorCode.ALIGN));
    return largest <= ShapeInference.MAX_ARRAY && layer.padded().size() <= ShapeInference.MAX_ARRAY;
  }

  String name(String suffix) {
    return LayerEmitter.member(layer, suffix);
  }

  private boolean padded() {
    return !layer.padding().isZero();
  }

  /** Where the input gradient keeps the columns' gradient: the columns themselves unless the weight gradient reads them. */
  private String columnsGrad() {
    return name(cellSums ? "ColumnsGrad" : "Columns");
  }

  /** The array the patches are read from: the zero-padded copy, or the input itself. */
  private String source() {
    return padded() ? name("Padded") : wiring.source();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> buffers = new ArrayList<>();
    if (padded()) {
      buffers.add(buffer("Padded", layer.padded().size(), "the zero-padded input " + layer.padded()));
    }
    buffers.add(buffer("Columns", taps * cellRow, "per tap k = (c * kh + y) * kw + x, the input it meets at each "
        + "output cell, in rows of " + cellRow + (cellSums ? "" : "; in the backward pass, the gradient of those values")));
    if (cellSums && wiring.needsInputGradient()) {
      // The cell-sum weight gradient reads the columns: a second backward of the same sample must find them intact.
      buffers.add(buffer("ColumnsGrad", taps * cellRow, "the gradient of the columns, in rows of " + cellRow));
    }
    buffers.add(buffer("Acc", out.channels() * cellRow, "per output channel, Z (forward) or dLoss/dZ "
        + "(backward) in rows of " + cellRow));
    if (!cellSums) {
      buffers.add(buffer("Rows", cells * tapRow, "per output cell, the input under each tap, in rows of " + tapRow));
      buffers.add(buffer("WeightGrad", out.channels() * tapRow, "one sample's weight gradient in rows of " + tapRow));
    }
    if (padded() && wiring.needsInputGradient()) {
      buffers.add(buffer("PaddedGrad", layer.padded().size(), "dLoss/d(padded input)"));
    }
    return buffers;
  }

  /**
   * The backward pass rebuilds the products' accumulators, rows and weight gradient, and its input gradient's
   * buffers; only the columns (read by the cell-sum weight gradient) and the padded input (read by the rows) keep
   * what the forward pass wrote.
   */
  @Override
  public Set<String> transientBuffers() {
    Set<String> names = new HashSet<>(Set.of(name("Acc"), name("Rows"), name("WeightGrad"), name("PaddedGrad"),
        name("ColumnsGrad")));
    if (!cellSums) {
      names.add(name("Columns"));
    }
    return names;
  }

  private FieldSpec buffer(String suffix, int length, String doc) {
    return FieldSpec.builder(p.arrayType(), name(suffix), Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $T[$L]", p.type(), length)
        .build();
  }

  /** Index of padded input cell (c, y, x) for loop variables ("" for 0), plus further terms. */
  private String paddedCell(String c, String y, String x, String... more) {
    Shape pad = layer.padded();
    String[] terms = new String[3 + more.length];
    terms[0] = times(c, pad.area());
    terms[1] = times(y, pad.width());
    terms[2] = x;
    System.arraycopy(more, 0, terms, 3, more.length);
    return sum(0, terms);
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(inputs());
    code.add("// Z = W x columns, plus the bias; scratch columns past $L compute nothing anyone reads.\n", cells);
    code.add(forwardProduct().code());
    if (activatesRows()) {
      code.add(activationRows("0", out.channels()));
    } else {
      Loops.counted(code, "co", out.channels());
      code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, name("Acc"), times("co", cellRow),
          wiring.out(), times("co", cells), cells);
      code.endControlFlow();
      code.add(activation());
    }
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  /** Whether the forward activates the accumulators' rows into the output in one pass. */
  boolean activatesRows() {
    return VectorCode.activatesRows(conv.activation(), p, cells);
  }

  /** The output channels [first, last) activated from the accumulators into the output. */
  CodeBlock activationRows(String first, Object last) {
    return VectorCode.activationRows(conv.activation(), p, name("Acc"), cellRow, wiring.out(), cells, first, last);
  }

  /** The forward's activation, in place over the whole output. */
  CodeBlock activation() {
    return VectorCode.activation(conv.activation(), p, wiring.out(), out.size());
  }

  /** The forward's first steps: the padded copy and the columns. */
  CodeBlock inputs() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (padded()) {
      code.add("// The zero-padded input: padding cells are never written and stay zero.\n");
      code.add(ConvCode.rows(in.channels(), in.height(), wiring.source(),
          (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), name("Padded"), (c, y) -> ConvCode.paddedRow(layer, c, y),
          in.width()));
    }
    addColumns(code);
    return code.build();
  }

  @Override
  public java.util.Optional<IntraOpSplit> intraOpSplit() {
    return GemmConvSplit.of(layer, this, taps, cells, cellRow);
  }

  private String describe() {
    return ConvCode.describe(layer, "; as products of " + out.channels() + "x" + taps + " weights and " + taps
        + "x" + cells + " patches");
  }

  /** Column vector i of a block whose column loop variable is var: {@code p}, {@code p + LANES}... */
  private static String lanes(String var, int i) {
    return i == 0 ? var : i == 1 ? var + " + LANES" : var + " + " + i + " * LANES";
  }

  /** columns[k][cell] = padded input under tap k at that cell; a kernel row's cells are contiguous at stride 1. */
  private void addColumns(CodeBlock.Builder code) {
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    code.add("// Columns: tap k = (ci * $L + ky) * $L + kx at cell oy * $L + ox reads padded cell (ci, $L, $L).\n", kh,
        kw, out.width(), sum(0, times("oy", conv.strideHeight()), "ky"), sum(0, times("ox", conv.strideWidth()), "kx"));
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    String ky = loops.open("ky", kh);
    String kx = loops.open("kx", kw);
    code.addStatement("final int row = $L", sum(0, times(ci, kh * kw * cellRow), times(ky, kw * cellRow),
        times(kx, cellRow)));
    if (vectorRows()) {
      vectorColumns(code, paddedCell(ci, ky, kx));
    } else {
      Loops.counted(code, "oy", out.height());
      code.addStatement("final int from = $L", paddedCell(ci, ky, kx, times("oy", inputRowStep())));
      if (conv.strideWidth() == 1) {
        code.addStatement("$T.arraycopy($L, from, $L, $L, $L)", System.class, source(), name("Columns"), to(),
            out.width());
      } else {
        scalarRow(code);
      }
      code.endControlFlow();
    }
    loops.close(3);
    if (vectorRows() && cellSums && cellRow > cells) {
      code.add("// The cell sums read the scratch columns too, and need them zero.\n");
      Loops.counted(code, "k", taps);
      code.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, name("Columns"), sum(cells, times("k", cellRow)),
          sum(cellRow, times("k", cellRow)), p.literal(0));
      code.endControlFlow();
    }
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
    return conv.strideHeight() * layer.padded().width();
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
  private void vectorColumns(CodeBlock.Builder code, String base) {
    int last = out.width() - 1;
    int source = padded() ? layer.padded().size() : in.size();
    code.addStatement("final int base = $L", base);
    code.addStatement("final int vectorRows = $T.min($L, $T.min($T.floorDiv($L - LANES - base, $L), "
        + "$T.floorDiv($L - LANES - row, $L)) + 1)", Math.class, out.height(), Math.class, Math.class,
        source - last, inputRowStep(), Math.class, taps * cellRow - last, out.width());
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
      code.addStatement("$T.fromArray(SPECIES, $L, $L).intoArray($L, $L)", VectorCode.vector(p), source(),
          sum(0, "from", i == 0 ? "" : x), name("Columns"), sum(0, to(), i == 0 ? "" : x));
      if (i > 0) {
        code.endControlFlow();
      }
    }
    code.beginControlFlow("for (int x = $L; x < $L; x += LANES)", written + " * LANES", out.width());
    code.addStatement("$T.fromArray(SPECIES, $L, from + x).intoArray($L, $L + x)", VectorCode.vector(p), source(),
        name("Columns"), to());
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
    code.addStatement("$L[$L] = $L[$L]", name("Columns"), sum(0, to(), "ox"), source(),
        sum(0, "from", times("ox", conv.strideWidth())));
    code.endControlFlow();
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(VectorCode.activationBackward(conv.activation(), p, wiring.grad(), wiring.out(), out.size()));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    layer.bias().ifPresent(b -> {
      Loops.counted(code, "co", out.channels());
      code.add(VectorCode.addSum(p, "grads[" + Index.at(b, 0, "co") + "]", wiring.grad(), times("co", cells), cells));
      code.endControlFlow();
    });
    if (cellSums || wiring.needsInputGradient()) {
      code.add("// dZ in rows of $L, scratch columns zeroed (the forward pass left Z there): sums over the\n", cellRow);
      code.add("// cells then take nothing from them.\n");
      Loops.counted(code, "co", out.channels());
      code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, wiring.grad(), times("co", cells),
          name("Acc"), times("co", cellRow), cells);
      if (cells < cellRow) {
        code.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, name("Acc"), sum(cells, times("co", cellRow)),
            sum(cellRow, times("co", cellRow)), p.literal(0));
      }
      code.endControlFlow();
    }
    code.addStatement("$L()", name("WeightGradient"));
    if (wiring.needsInputGradient()) {
      code.addStatement("$L()", name("InputGradient"));
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }

  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> methods = new ArrayList<>(forwardProduct().methods(p, "Z = W x columns"));
    methods.add(weightGradient());
    methods.addAll(cellSums ? cellSumProduct().methods(p, "dW += dZ x columns^T")
        : tapProduct().methods(p, "this sample's dW = dZ x rows"));
    if (wiring.needsInputGradient()) {
      methods.add(inputGradient());
      methods.addAll(inputProduct().methods(p, "the columns' gradient W^T x dZ"));
    }
    return methods;
  }

  /** Z[co][cell] = bias[co] + W[co][k] x columns[k][cell]. */
  BroadcastGemm forwardProduct() {
    return new BroadcastGemm(name("Product"), "co", out.channels(), "p", cellRow,
        RegisterBlocks.broadcast(cellRow), "k", taps,
        j -> layer.bias().map(b -> "params[" + Index.at(b, j, "co") + "]").orElse(null),
        j -> "params[" + Index.at(weights, j * taps, times("co", taps), "k") + "]",
        i -> name("Columns") + ", " + sum(0, times("k", cellRow), lanes("p", i)),
        (j, i) -> name("Acc") + ", " + sum(j * cellRow, times("co", cellRow), lanes("p", i)));
  }

  /** dW[co][k] += the sum over cells of dZ[co][cell] * columns[k][cell]. */
  private DotGemm cellSumProduct() {
    return new DotGemm(name("CellSums"), "co", out.channels(), ROW_BLOCK, "k", taps, COLUMN_BLOCK, cellRow,
        j -> new String[] {name("Acc"), sum(j * cellRow, times("co", cellRow))},
        i -> new String[] {name("Columns"), sum(i * cellRow, times("k", cellRow))},
        (j, i) -> "grads[" + Index.at(weights, j * taps + i, times("co", taps), "k") + "]");
  }

  /** This sample's dW[co][k] = dZ[co][cell] x rows[cell][k]. */
  private BroadcastGemm tapProduct() {
    return new BroadcastGemm(name("TapProduct"), "co", out.channels(), "k", tapRow,
        RegisterBlocks.broadcast(tapRow), "q", cells,
        j -> null,
        j -> wiring.grad() + "[" + sum(j * cells, times("co", cells), "q") + "]",
        i -> name("Rows") + ", " + sum(0, times("q", tapRow), lanes("k", i)),
        (j, i) -> name("WeightGrad") + ", " + sum(j * tapRow, times("co", tapRow), lanes("k", i)));
  }

  /** The columns' gradient[k][cell] = W[co][k] x dZ[co][cell]. */
  private BroadcastGemm inputProduct() {
    return new BroadcastGemm(name("InputProduct"), "k", taps, "p", cellRow, RegisterBlocks.broadcast(cellRow),
        "co", out.channels(),
        j -> null,
        j -> "params[" + Index.at(weights, j, times("co", taps), "k") + "]",
        i -> name("Acc") + ", " + sum(0, times("co", cellRow), lanes("p", i)),
        (j, i) -> columnsGrad() + ", " + sum(j * cellRow, times("k", cellRow), lanes("p", i)));
  }

  /** dW += dZ x columns^T, one horizontal sum per weight: for few taps over many cells. */
  private MethodSpec cellSumWeightGradient() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// dW[co][k] += the sum over cells of dZ[co][cell] * columns[k][cell], vectors along the cells.\n");
    code.add(cellSumProduct().code());
    return LayerEmitter.method(name("WeightGradient"), describe(), code.build());
  }

  /** dW += dZ x rows, where rows[cell][k] is the patch under the kernel at that cell. */
  private MethodSpec weightGradient() {
    if (cellSums) {
      return cellSumWeightGradient();
    }
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Rows: each output cell's patch, tap k = (ci * $L + ky) * $L + kx at k.\n", kh, kw);
    Loops.counted(code, "oy", out.height());
    Loops.counted(code, "ox", out.width());
    code.addStatement("final int to = $L", sum(0, times("oy", out.width() * tapRow), times("ox", tapRow)));
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    String ky = loops.open("ky", kh);
    code.addStatement("final int from = $L", paddedCell(ci, ky, "",
        times("oy", conv.strideHeight() * layer.padded().width()), times("ox", conv.strideWidth())));
    code.addStatement("final int at = $L", sum(0, "to", times(ci, kh * kw), times(ky, kw)));
    if (kw <= UNROLLED_ROW) {
      for (int kx = 0; kx < kw; kx++) {
        code.addStatement("$L[$L] = $L[$L]", name("Rows"), sum(kx, "at"), source(), sum(kx, "from"));
      }
    } else {
      code.addStatement("$T.arraycopy($L, from, $L, at, $L)", System.class, source(), name("Rows"), kw);
    }
    loops.close(2);
    LayerEmitter.close(code, 2);
    code.add("// This sample's dW = dZ x rows, vectors along the taps.\n");
    code.add(tapProduct().code());
    code.add("// Add it to the batch's running sum.\n");
    var vector = VectorCode.vector(p);
    Loops.counted(code, "co", out.channels());
    code.addStatement("final int g = $L", Index.at(weights, 0, times("co", taps)));
    code.addStatement("final int d = $L", times("co", tapRow));
    code.addStatement("int k = 0");
    code.beginControlFlow("for (; k < SPECIES.loopBound($L); k += LANES)", taps);
    code.addStatement("$T.fromArray(SPECIES, grads, g + k).add($T.fromArray(SPECIES, $L, d + k)).intoArray(grads, g + k)",
        vector, vector, name("WeightGrad"));
    code.endControlFlow();
    code.beginControlFlow("for (; k < $L; k++)", taps);
    code.addStatement("grads[g + k] += $L[d + k]", name("WeightGrad"));
    code.endControlFlow();
    code.endControlFlow();
    return LayerEmitter.method(name("WeightGradient"), describe(), code.build());
  }

  /** dLoss/dInput: the columns' gradient W^T x dZ, folded back onto the cells each tap read (col2im). */
  private MethodSpec inputGradient() {
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// The columns' gradient = W^T x dZ (dZ in rows, as backward left it).\n");
    code.add(inputProduct().code());
    String target = padded() ? name("PaddedGrad") : wiring.sourceGrad();
    if (padded()) {
      code.add("// Fold the columns' gradient back onto the padded input cells they were read from.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, target, p.literal(0));
    } else {
      code.add("// Fold the columns' gradient back onto the input cells they were read from (backward() zeroed them).\n");
    }
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    String ky = loops.open("ky", kh);
    String kx = loops.open("kx", kw);
    code.addStatement("final int row = $L", sum(0, times(ci, kh * kw * cellRow), times(ky, kw * cellRow),
        times(kx, cellRow)));
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int to = $L", paddedCell(ci, ky, kx, times("oy", conv.strideHeight() * layer.padded().width())));
    code.addStatement("final int from = $L", sum(0, "row", times("oy", out.width())));
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[$L] += $L[from + ox]", target, sum(0, "to", times("ox", conv.strideWidth())),
        columnsGrad());
    LayerEmitter.close(code, 2);
    loops.close(3);
    if (padded()) {
      code.add("// Add the cells that were input, not padding, to dLoss/dInput.\n");
      code.add(ConvCode.addRows(in.channels(), in.height(), name("PaddedGrad"), (c, y) -> ConvCode.paddedRow(layer, c, y),
          wiring.sourceGrad(), (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width()));
    }
    return LayerEmitter.method(name("InputGradient"), describe(), code.build());
  }
}
