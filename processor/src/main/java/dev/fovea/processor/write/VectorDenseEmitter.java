package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import java.util.List;

/**
 * Dense on the Vector API: each unit's sum as vectors along its weight row, four units per pass sharing each
 * input load, one horizontal sum per unit at the end; the gradients as vector updates along the rows.
 */
public final class VectorDenseEmitter implements LayerEmitter {
  private static final int UNITS_PER_PASS = 4;

  private final LayerPlan layer;
  private final DenseSpec dense;
  private final Precision p;
  private final Wiring wiring;
  private final int inputs;
  private final int units;
  private final ParamPlan weights;
  private final ClassName vector;

  public VectorDenseEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.dense = (DenseSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.inputs = layer.input().size();
    this.units = dense.units();
    this.weights = layer.weight().orElseThrow();
    this.vector = VectorCode.vector(precision);
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of();
  }

  private String describe() {
    return DenseEmitter.describe(layer, "; vectors along the weight rows");
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    int blocked = units / UNITS_PER_PASS * UNITS_PER_PASS;
    if (blocked > 0) {
      code.beginControlFlow("for (int o = 0; o < $L; o += $L)", blocked, UNITS_PER_PASS);
      addUnits(code, UNITS_PER_PASS);
      code.endControlFlow();
    }
    if (blocked < units) {
      code.beginControlFlow("for (int o = $L; o < $L; o++)", blocked, units);
      addUnits(code, 1);
      code.endControlFlow();
    }
    code.add(VectorCode.activation(dense.activation(), p, wiring.out(), units));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  private static String unit(int u) {
    return u == 0 ? "o" : "o + " + u;
  }

  /** The body of a pass over {@code count} units starting at o: vector sums, then the scalar tail. */
  private void addUnits(CodeBlock.Builder code, int count) {
    code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
    for (int u = 0; u < count; u++) {
      code.addStatement("$T a$L = $T.zero(SPECIES)", vector, u, vector);
    }
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", inputs);
    code.addStatement("final $T x = $T.fromArray(SPECIES, $L, i)", vector, vector, wiring.source());
    for (int u = 0; u < count; u++) {
      CodeBlock weights = CodeBlock.of("$T.fromArray(SPECIES, params, $L)", vector, sum(u * inputs, "row", "i"));
      code.addStatement("a$L = $L", u, FmaCode.vector(weights, "x", "a" + u));
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      String unit = unit(u);
      String bias = layer.bias().map(b -> " + params[" + Index.at(b, 0, unit) + "]").orElse("");
      code.addStatement("$T s$L = sumLanes(a$L)$L", p.type(), u, u, bias);
    }
    code.beginControlFlow("for (; i < $L; i++)", inputs);
    code.addStatement("final $T x = $L[i]", p.type(), wiring.source());
    for (int u = 0; u < count; u++) {
      String weight = "params[" + sum(u * inputs, "row", "i") + "]";
      code.addStatement("s$L = $L", u, FmaCode.scalar(weight, "x", "s" + u));
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      code.addStatement("$L[$L] = s$L", wiring.out(), unit(u), u);
    }
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(VectorCode.activationBackward(dense.activation(), p, wiring.grad(), wiring.out(), units));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    Loops.counted(code, "o", units);
    code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
    layer.bias().ifPresent(b -> code.addStatement("grads[$L] += g", Index.at(b, 0, "o")));
    code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
    addAxpy(code, "grads", "row", wiring.source(), "");
    code.endControlFlow();
    if (wiring.needsInputGradient()) {
      code.add("// dLoss/dInput += W^T x dLoss/dZ: each unit's row adds its share (backward() zeroed it).\n");
      Loops.counted(code, "o", units);
      code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
      code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
      addAxpy(code, wiring.sourceGrad(), "", "params", "row");
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }

  /** {@code to[toBase + i] += g * from[fromBase + i]} for i below the input count, vectors then a scalar tail. */
  private void addAxpy(CodeBlock.Builder code, String to, String toBase, String from, String fromBase) {
    String toIndex = toBase.isEmpty() ? "i" : toBase + " + i";
    String fromIndex = fromBase.isEmpty() ? "i" : fromBase + " + i";
    code.addStatement("final $T gv = $T.broadcast(SPECIES, g)", vector, vector);
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", inputs);
    CodeBlock source = CodeBlock.of("$T.fromArray(SPECIES, $L, $L)", vector, from, fromIndex);
    CodeBlock target = CodeBlock.of("$T.fromArray(SPECIES, $L, $L)", vector, to, toIndex);
    code.addStatement("$L.intoArray($L, $L)", FmaCode.vector(source, "gv", target), to, toIndex);
    code.endControlFlow();
    code.beginControlFlow("for (; i < $L; i++)", inputs);
    code.addStatement("$L[$L] += g * $L[$L]", to, toIndex, from, fromIndex);
    code.endControlFlow();
  }

  /** Matrix-matrix products over a micro-batch's rows: {@link VectorDenseBatch}. */
  @Override
  public java.util.Optional<BatchForms> batchForms(com.palantir.javapoet.ClassName self) {
    return java.util.Optional.of(new VectorDenseBatch(layer, p, wiring).forms(self));
  }
}
