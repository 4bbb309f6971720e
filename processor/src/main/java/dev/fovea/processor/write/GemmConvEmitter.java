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
  private final boolean shifted;
  private final PaddedLayout layout;
  /** Cells per output channel of the forward product: the columns' rows, or the shifted product's. */
  private final int productRow;

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
    this.shifted = ShiftedProduct.suits(layer);
    this.layout = shifted ? ShiftedProduct.layout(layer) : PaddedLayout.plain(layer);
    this.productRow = shifted ? ShiftedProduct.columns(layer) : cellRow;
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

  /** Whether the patches are read from a copy of the input: zero-padded, or laid out for the shifted product. */
  private boolean copiesInput() {
    return shifted || !layer.padding().isZero();
  }

  /** Whether the forward product reads the padded input itself, without columns (see {@link ShiftedProduct}). */
  boolean shifted() {
    return shifted;
  }

  /** Where the input gradient keeps the columns' gradient: the columns themselves unless the weight gradient reads them. */
  private String columnsGrad() {
    return name(cellSums ? "ColumnsGrad" : "Columns");
  }

  /** The array the patches are read from: the padded copy, or the input itself. */
  private String source() {
    return copiesInput() ? name("Padded") : wiring.source();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> buffers = new ArrayList<>();
    if (copiesInput()) {
      buffers.add(buffer("Padded", layout.size(), "the zero-padded input " + layer.padded() + " in rows of "
          + layout.width()));
    }
    buffers.add(buffer("Columns", taps * cellRow, "per tap k = (c * kh + y) * kw + x, the input it meets at each "
        + "output cell, in rows of " + cellRow + (cellSums ? "" : "; in the backward pass, the gradient of those values")));
    if (cellSums && wiring.needsInputGradient()) {
      // The cell-sum weight gradient reads the columns: a second backward of the same sample must find them intact.
      buffers.add(buffer("ColumnsGrad", taps * cellRow, "the gradient of the columns, in rows of " + cellRow));
    }
    buffers.add(buffer("Acc", out.channels() * Math.max(cellRow, productRow), "per output channel, Z (forward) or "
        + "dLoss/dZ (backward) in rows of " + (shifted ? productRow + " and " + cellRow : cellRow)));
    if (shifted) {
      buffers.add(ShiftedProduct.tapStarts(layer, name("TapStarts")));
    }
    if (!cellSums) {
      buffers.add(buffer("Rows", cells * tapRow, "per output cell, the input under each tap, in rows of " + tapRow));
      buffers.add(buffer("WeightGrad", out.channels() * tapRow, "one sample's weight gradient in rows of " + tapRow));
    }
    if (copiesInput() && wiring.needsInputGradient()) {
      buffers.add(buffer("PaddedGrad", layout.size(), "dLoss/d(padded input), laid out as the padded input"));
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

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(inputs());
    if (shifted) {
      code.add("// Z = W x the padded input from each tap's start, plus the bias, over $L rows of $L cells: the last $L"
          + " of each row compute nothing anyone reads.\n", out.height(), layout.width(), layout.width() - out.width());
    } else {
      code.add("// Z = W x columns, plus the bias; scratch columns past $L compute nothing anyone reads.\n", cells);
    }
    code.add(forwardProduct().code());
    code.add(output("0", out.channels()));
    if (!outputActivates()) {
      code.add(activation());
    }
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  /** Values per row of the forward's accumulators, and per row of the output they go to. */
  private int accRow() {
    return shifted ? layout.width() : cellRow;
  }

  private int outRow() {
    return shifted ? out.width() : cells;
  }

  /** Whether {@link #output} activates the accumulators' rows into the output, or copies them as they are. */
  boolean outputActivates() {
    return VectorCode.activatesRows(conv.activation(), p, outRow());
  }

  /**
   * Z of output channels [first, last) from the accumulators to the output: activated in one pass, or copied
   * (then {@link #activation} follows). From channel "0", last may be a count (an Integer).
   */
  CodeBlock output(String first, Object last) {
    // The shifted product's rows are output rows: oh of them per channel.
    int rows = shifted ? out.height() : 1;
    String from = first.equals("0") ? "0" : times(first, rows);
    Object to = last instanceof Integer n ? (Object) (n * rows) : times(last.toString(), rows);
    String r = shifted ? "r" : "co";
    if (outputActivates()) {
      return VectorCode.activationRows(conv.activation(), p, name("Acc"), accRow(), wiring.out(), outRow(), r, from,
          to);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    Loops.range(code, r, from, to);
    code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, name("Acc"), times(r, accRow()),
        wiring.out(), times(r, outRow()), outRow());
    code.endControlFlow();
    return code.build();
  }

  /** The forward's activation, in place over the whole output. */
  CodeBlock activation() {
    return VectorCode.activation(conv.activation(), p, wiring.out(), out.size());
  }

  /** The forward's first steps: the padded copy, and the columns unless the product reads the padded copy. */
  CodeBlock inputs() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (copiesInput()) {
      code.add("// The zero-padded input$L: padding cells are never written and stay zero.\n",
          shifted ? " in rows of " + layout.width() : "");
      code.add(ConvCode.rows(in.channels(), in.height(), wiring.source(),
          (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), name("Padded"), layout::inputRow, in.width()));
    }
    if (!shifted) {
      code.add(columns().code());
    }
    return code.build();
  }

  /** The unrolled patches, read from the padded copy or the input. */
  private PatchColumns columns() {
    return new PatchColumns(conv, out, p, layout, source(), copiesInput() ? layout.size() : in.size(),
        name("Columns"), cellRow, cellSums);
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

  /**
   * Z[co][cell] = bias[co] + W[co][k] x columns[k][cell]; shifted, the padded input from tap k's start stands for
   * columns[k].
   */
  BroadcastGemm forwardProduct() {
    return new BroadcastGemm(name("Product"), "co", out.channels(), "p", productRow,
        RegisterBlocks.broadcast(productRow), "k", taps,
        j -> layer.bias().map(b -> "params[" + Index.at(b, j, "co") + "]").orElse(null),
        j -> "params[" + Index.at(weights, j * taps, times("co", taps), "k") + "]",
        i -> shifted ? name("Padded") + ", " + sum(0, name("TapStarts") + "[k]", lanes("p", i))
            : name("Columns") + ", " + sum(0, times("k", cellRow), lanes("p", i)),
        (j, i) -> name("Acc") + ", " + sum(j * productRow, times("co", productRow), lanes("p", i)));
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
    if (shifted) {
      code.add("// The forward product read the padded input, so the columns are unrolled here.\n");
      code.add(columns().code());
    }
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
    code.addStatement("final int from = $L", layout.cell(ci, ky, "",
        times("oy", conv.strideHeight() * layout.width()), times("ox", conv.strideWidth())));
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
    String target = copiesInput() ? name("PaddedGrad") : wiring.sourceGrad();
    if (copiesInput()) {
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
    code.addStatement("final int to = $L", layout.cell(ci, ky, kx, times("oy", conv.strideHeight() * layout.width())));
    code.addStatement("final int from = $L", sum(0, "row", times("oy", out.width())));
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[$L] += $L[from + ox]", target, sum(0, "to", times("ox", conv.strideWidth())),
        columnsGrad());
    LayerEmitter.close(code, 2);
    loops.close(3);
    if (copiesInput()) {
      code.add("// Add the cells that were input, not padding, to dLoss/dInput.\n");
      code.add(ConvCode.addRows(in.channels(), in.height(), name("PaddedGrad"), layout::inputRow,
          wiring.sourceGrad(), (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width()));
    }
    return LayerEmitter.method(name("InputGradient"), describe(), code.build());
  }
}
