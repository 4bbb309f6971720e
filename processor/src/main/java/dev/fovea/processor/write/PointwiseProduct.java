package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * A separable convolution's pointwise (1x1) half as matrix products: with C depthwise channels, F filters and P cells,
 * Z[F][P] = W[F][C] x M[C][P] forward, dW[F][C] += dZ[F][P] x M^T[P][C] and dM[C][P] = W^T[C][F] x dZ[F][P]. The
 * vector backend runs each through {@link BroadcastGemm} (M in rows padded to whole vectors, zero past the cells);
 * the portable backend writes each as loops whose innermost index runs along contiguous rows, blocked for the cache
 * (JDK 17's C2 leaves them scalar; see {@link DepthwisePlanes}). Both read M^T from a transposed copy, so the weight
 * gradient needs no horizontal sums.
 */
final class PointwiseProduct {
  /** Terms per pass of the portable backend's loops: eight loads to one load and store of the target. */
  static final int SUM_BLOCK = 8;

  /** Bytes of vectors the portable loops keep in cache at once: half of a 512 KiB L2, as on the EPYC measured. */
  static final int L2_BUDGET = 256 * 1024;

  private final LayerPlan layer;
  private final Precision p;
  private final Wiring wiring;
  private final boolean vector;
  private final int filters;
  private final int depth;
  private final int cells;
  private final int cellRow;
  private final int depthRow;
  private final ParamPlan weights;
  private final Optional<ParamPlan> bias;

  PointwiseProduct(LayerPlan layer, Precision precision, Wiring wiring, Backend backend, int depth, ParamPlan weights,
      Optional<ParamPlan> bias) {
    this.layer = layer;
    this.p = precision;
    this.wiring = wiring;
    this.vector = backend == Backend.VECTOR;
    this.filters = layer.output().channels();
    this.depth = depth;
    this.cells = layer.output().area();
    this.cellRow = rowLength(backend, cells);
    this.depthRow = rowLength(backend, depth);
    this.weights = weights;
    this.bias = bias;
  }

  /** The length of a row of n values: padded to whole vectors on the vector backend, n on the portable one. */
  static int rowLength(Backend backend, int n) {
    return backend == Backend.VECTOR ? VectorCode.aligned(n) : n;
  }

  private String name(String what) {
    return LayerEmitter.member(layer, what);
  }

  /** The depthwise output M, in rows of {@link #cellRow()}. */
  String middle() {
    return name("Middle");
  }

  /** dLoss/dM, in rows of {@link #cellRow()}. */
  String middleGrad() {
    return name("MiddleDelta");
  }

  /** The stride of M's and dM's rows. */
  int cellRow() {
    return cellRow;
  }

  List<FieldSpec> buffers() {
    List<FieldSpec> fields = new ArrayList<>();
    String shape = "[" + depth + ", " + cells + "] in rows of " + cellRow;
    fields.add(buffer(middle(), "the depthwise convolution's output " + shape
        + (cellRow > cells ? ", zero past the cells" : ""), depth * cellRow));
    fields.add(buffer(middleGrad(), "dLoss/d(depthwise output) " + shape, depth * cellRow));
    fields.add(buffer(name("MiddleRows"), "the depthwise output transposed, [" + cells + ", " + depth
        + "] in rows of " + depthRow, cells * depthRow));
    if (vector) {
      fields.add(buffer(name("Acc"), "per filter, Z (forward) or dLoss/dZ (backward) in rows of " + cellRow,
          filters * cellRow));
      fields.add(buffer(name("WeightGrad"), "one sample's pointwise weight gradient in rows of " + depthRow,
          filters * depthRow));
    }
    return fields;
  }

  private FieldSpec buffer(String name, String doc, int size) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), size)
        .build();
  }

  private String weight(String f, String o) {
    return "params[" + Index.at(weights, 0, times(f, depth), o) + "]";
  }

  /** Z = W x M (plus the bias) into the output, before the activation. */
  CodeBlock forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Pointwise: Z = W x M, a $Lx$L by $Lx$L product.\n", filters, depth, depth, cells);
    if (vector) {
      code.add(forwardProduct().code());
      Loops.counted(code, "f", filters);
      code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, name("Acc"), times("f", cellRow),
          wiring.out(), times("f", cells), cells);
      code.endControlFlow();
      return code.build();
    }
    code.add("{\n").indent();
    code.addStatement("final $T out = $L", p.arrayType(), wiring.out());
    code.addStatement("final $T mid = $L", p.arrayType(), middle());
    Loops.counted(code, "f", filters);
    String start = bias.map(b -> "params[" + Index.at(b, 0, "f") + "]").orElse(p.literal(0));
    code.addStatement("$T.fill(out, $L, $L, $L)", Arrays.class, times("f", cells), sum(cells, times("f", cells)),
        start);
    code.endControlFlow();
    blocked(code, "f", filters, "o", depth, cellRow, "out", sum(0, times("f", cells), "i"), "i", cells,
        t -> "params[" + Index.at(weights, t, times("f", depth), "o") + "]",
        t -> "mid[" + sum(t * cellRow, times("o", cellRow), "i") + "]");
    return code.unindent().add("}\n").build();
  }

  /**
   * The pointwise gradients from dLoss/dZ (wiring.grad(), through the activation already): the bias's, the
   * weights', and dLoss/dM into {@link #middleGrad()}.
   */
  CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    bias.ifPresent(b -> {
      Loops.counted(code, "f", filters);
      if (vector) {
        code.add(VectorCode.addSum(p, "grads[" + Index.at(b, 0, "f") + "]", wiring.grad(), times("f", cells), cells));
      } else {
        code.addStatement("$T sum = 0", p.type());
        Loops.counted(code, "i", cells);
        code.addStatement("sum += $L[$L]", wiring.grad(), sum(0, times("f", cells), "i"));
        code.endControlFlow();
        code.addStatement("grads[$L] += sum", Index.at(b, 0, "f"));
      }
      code.endControlFlow();
    });
    code.add("// M^T, so that the weight gradient's rows run along the depthwise channels.\n");
    code.add("{\n").indent();
    code.addStatement("final $T mid = $L", p.arrayType(), middle());
    code.addStatement("final $T rows = $L", p.arrayType(), name("MiddleRows"));
    Loops.counted(code, "o", depth);
    Loops.counted(code, "i", cells);
    code.addStatement("rows[$L] = mid[$L]", sum(0, times("i", depthRow), "o"), sum(0, times("o", cellRow), "i"));
    LayerEmitter.close(code, 2);
    code.unindent().add("}\n");
    return vector ? vectorBackward(code) : portableBackward(code);
  }

  private CodeBlock vectorBackward(CodeBlock.Builder code) {
    code.add("// dZ in rows of $L, the scratch columns zeroed (the forward pass left Z there).\n", cellRow);
    Loops.counted(code, "f", filters);
    code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, wiring.grad(), times("f", cells),
        name("Acc"), times("f", cellRow), cells);
    if (cells < cellRow) {
      code.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, name("Acc"), sum(cells, times("f", cellRow)),
          sum(cellRow, times("f", cellRow)), p.literal(0));
    }
    code.endControlFlow();
    code.add("// This sample's dW = dZ x M^T, then added to the batch's running sum.\n");
    code.add(weightProduct().code());
    var type = VectorCode.vector(p);
    Loops.counted(code, "f", filters);
    code.addStatement("final int g = $L", Index.at(weights, 0, times("f", depth)));
    code.addStatement("final int d = $L", times("f", depthRow));
    code.addStatement("int o = 0");
    code.beginControlFlow("for (; o < SPECIES.loopBound($L); o += LANES)", depth);
    code.addStatement("$T.fromArray(SPECIES, grads, g + o).add($T.fromArray(SPECIES, $L, d + o)).intoArray(grads, g + o)",
        type, type, name("WeightGrad"));
    code.endControlFlow();
    code.beginControlFlow("for (; o < $L; o++)", depth);
    code.addStatement("grads[g + o] += $L[d + o]", name("WeightGrad"));
    LayerEmitter.close(code, 2);
    code.add("// dM = W^T x dZ.\n");
    code.add(inputProduct().code());
    return code.build();
  }

  private CodeBlock portableBackward(CodeBlock.Builder code) {
    code.add("// dW[f][o] += dZ[f][i] * M^T[i][o], along the rows of M^T.\n");
    code.add("{\n").indent();
    code.addStatement("final $T dz = $L", p.arrayType(), wiring.grad());
    code.addStatement("final $T rows = $L", p.arrayType(), name("MiddleRows"));
    blocked(code, "f", filters, "i", cells, depthRow, "grads", Index.at(weights, 0, times("f", depth), "o"), "o",
        depth, t -> "dz[" + sum(t, times("f", cells), "i") + "]",
        t -> "rows[" + sum(t * depthRow, times("i", depthRow), "o") + "]");
    code.add("// dM = W^T x dZ.\n");
    code.addStatement("final $T dm = $L", p.arrayType(), middleGrad());
    code.addStatement("$T.fill(dm, $L)", Arrays.class, p.literal(0));
    blocked(code, "o", depth, "f", filters, cells, "dm", sum(0, times("o", cellRow), "i"), "i", cells,
        t -> "params[" + Index.at(weights, t * depth, times("f", depth), "o") + "]",
        t -> "dz[" + sum(t * cells, times("f", cells), "i") + "]");
    return code.unindent().add("}\n").build();
  }

  /**
   * For every row r: {@code target[index] += sum over s of scalar(s) * vector(s)} at each inner index, in the order
   * of s. Each pass adds {@value #SUM_BLOCK} terms, loading and storing the target once, not once per term; the
   * inner loop runs along contiguous values. The terms come in groups whose vectors fit half
   * of a core's L2 cache (with rows of {@code vectorRow} values), each group run for every row before the next, so
   * the vectors are read from L2 once per row rather than from memory. scalar(t) and vector(t) are term sumVar + t.
   */
  private void blocked(CodeBlock.Builder code, String row, int rows, String sumVar, int sumLength, int vectorRow,
      String target, String index, String inner, int innerLength, IntFunction<String> scalar,
      IntFunction<String> vector) {
    int full = sumLength / SUM_BLOCK * SUM_BLOCK;
    int group = Math.max(SUM_BLOCK, L2_BUDGET / (p == Precision.FLOAT ? 4 : 8) / vectorRow / SUM_BLOCK * SUM_BLOCK);
    if (full > 0) {
      code.beginControlFlow("for (int first = 0; first < $L; first += $L)", full, group);
      code.addStatement("final int last = java.lang.Math.min(first + $L, $L)", group, full);
      Loops.counted(code, row, rows);
      code.beginControlFlow("for (int $L = first; $L < last; $L += $L)", sumVar, sumVar, sumVar, SUM_BLOCK);
      StringBuilder terms = new StringBuilder();
      for (int t = 0; t < SUM_BLOCK; t++) {
        code.addStatement("final $T k$L = $L", p.type(), t, scalar.apply(t));
        terms.append(" + k").append(t).append(" * ").append(vector.apply(t));
      }
      Loops.counted(code, inner, innerLength);
      code.addStatement("$L[$L] = $L[$L]$L", target, index, target, index, terms);
      LayerEmitter.close(code, 4);
    }
    if (full < sumLength) {
      Loops.counted(code, row, rows);
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", sumVar, full, sumVar, sumLength, sumVar);
      code.addStatement("final $T k = $L", p.type(), scalar.apply(0));
      Loops.counted(code, inner, innerLength);
      code.addStatement("$L[$L] += k * $L", target, index, vector.apply(0));
      LayerEmitter.close(code, 3);
    }
  }

  /** The block methods of the vector backend's products; none on the portable backend. */
  List<MethodSpec> helpers() {
    if (!vector) {
      return List.of();
    }
    List<MethodSpec> methods = new ArrayList<>(forwardProduct().methods(p, "Z = W x M"));
    methods.addAll(weightProduct().methods(p, "this sample's dW = dZ x M^T"));
    methods.addAll(inputProduct().methods(p, "dM = W^T x dZ"));
    return methods;
  }

  /** Column vector i of a block whose column variable is var. */
  private static String lanes(String var, int i) {
    return i == 0 ? var : i == 1 ? var + " + LANES" : var + " + " + i + " * LANES";
  }

  /** Z[f][cell] = bias[f] + W[f][o] x M[o][cell]. */
  private BroadcastGemm forwardProduct() {
    return new BroadcastGemm(name("Pointwise"), "f", filters, "c", cellRow,
        RegisterBlocks.broadcast(cellRow), "o", depth,
        j -> bias.map(b -> "params[" + Index.at(b, j, "f") + "]").orElse(null),
        j -> "params[" + Index.at(weights, j * depth, times("f", depth), "o") + "]",
        i -> middle() + ", " + sum(0, times("o", cellRow), lanes("c", i)),
        (j, i) -> name("Acc") + ", " + sum(j * cellRow, times("f", cellRow), lanes("c", i)));
  }

  /** This sample's dW[f][o] = dZ[f][cell] x M^T[cell][o]. */
  private BroadcastGemm weightProduct() {
    return new BroadcastGemm(name("PointwiseGrad"), "f", filters, "o", depthRow,
        RegisterBlocks.broadcast(depthRow), "i", cells,
        j -> null,
        j -> wiring.grad() + "[" + sum(j * cells, times("f", cells), "i") + "]",
        i -> name("MiddleRows") + ", " + sum(0, times("i", depthRow), lanes("o", i)),
        (j, i) -> name("WeightGrad") + ", " + sum(j * depthRow, times("f", depthRow), lanes("o", i)));
  }

  /** dM[o][cell] = W[f][o] x dZ[f][cell]. */
  private BroadcastGemm inputProduct() {
    return new BroadcastGemm(name("PointwiseInput"), "o", depth, "c", cellRow,
        RegisterBlocks.broadcast(cellRow), "f", filters,
        j -> null,
        j -> "params[" + Index.at(weights, j, times("f", depth), "o") + "]",
        i -> name("Acc") + ", " + sum(0, times("f", cellRow), lanes("c", i)),
        (j, i) -> middleGrad() + ", " + sum(j * cellRow, times("o", cellRow), lanes("c", i)));
  }
}
