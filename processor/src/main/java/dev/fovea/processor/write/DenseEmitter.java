package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import java.util.List;

/**
 * Dense over the flattened input: the input buffer is already C x H x W in memory order, so flattening costs
 * nothing. Weights are row-major [units, inputs] as in PyTorch, so every inner loop walks one row.
 */
public final class DenseEmitter implements LayerEmitter {
  /** Units computed together in the forward pass (LeNet's f5 measured 37 us with one, 16 us with four). */
  private static final int UNITS_PER_PASS = 4;

  private final LayerPlan layer;
  private final DenseSpec dense;
  private final Precision p;
  private final Wiring wiring;
  private final int inputs;
  private final int units;
  private final ParamPlan weights;

  public DenseEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.dense = (DenseSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.inputs = layer.input().size();
    this.units = dense.units();
    this.weights = layer.weight().orElseThrow();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of();
  }

  private String describe() {
    return describe(layer, "");
  }

  /** The Javadoc of a dense layer's methods; {@code extra} ends it, or is empty. */
  static String describe(LayerPlan layer, String extra) {
    DenseSpec dense = (DenseSpec) layer.spec();
    String flatten = layer.input().flat() ? "" : " (flattened from " + layer.input() + ")";
    return layer.name() + ": Dense [" + layer.input().size() + "]" + flatten + " -> " + layer.output() + ", "
        + dense.activation() + (dense.bias() ? "" : ", no bias") + extra + ".\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    int blocked = units / UNITS_PER_PASS * UNITS_PER_PASS;
    if (blocked > 0) {
      code.add("// $L units per pass: independent sums keep the FMA units busy and share each input load.\n",
          UNITS_PER_PASS);
      code.beginControlFlow("for (int o = 0; o < $L; o += $L)", blocked, UNITS_PER_PASS);
      addUnits(code, UNITS_PER_PASS);
      code.endControlFlow();
    }
    if (blocked < units) {
      code.beginControlFlow("for (int o = $L; o < $L; o++)", blocked, units);
      addUnits(code, 1);
      code.endControlFlow();
    }
    code.add(ActivationCode.forward(dense.activation(), p, wiring.out(), units));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  /**
   * Split by units: each unit's sum runs alone in a register whatever pass it falls in, so a part's units keep
   * their bits; the activation then runs on the caller over all of them.
   */
  @Override
  public java.util.Optional<IntraOpSplit> intraOpSplit() {
    if (units < 2 || !IntraOpCode.worthSplitting((long) inputs * units)) {
      return java.util.Optional.empty();
    }
    String from = IntraOpCode.SPAN_FROM;
    String to = IntraOpCode.SPAN_TO;
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("int o = $L", from);
    code.beginControlFlow("for (; o <= $L - $L; o += $L)", to, UNITS_PER_PASS, UNITS_PER_PASS);
    addUnits(code, UNITS_PER_PASS);
    code.endControlFlow();
    code.beginControlFlow("for (; o < $L; o++)", to);
    addUnits(code, 1);
    code.endControlFlow();
    String doc = describe(layer, ": units [" + from + ", " + to + ") before the activation").trim();
    var part = IntraOpCode.part(LayerEmitter.member(layer, "PartForward"), doc).addCode(code.build()).build();
    return java.util.Optional.of(new IntraOpSplit(CodeBlock.of(""), part, units, 1, units,
        ActivationCode.forward(dense.activation(), p, wiring.out(), units)));
  }

  /** The body of a pass over {@code count} units starting at o. */
  private void addUnits(CodeBlock.Builder code, int count) {
    for (int u = 0; u < count; u++) {
      String unit = u == 0 ? "o" : "o + " + u;
      String bias = layer.bias().map(b -> "params[" + Index.at(b, 0, unit) + "]").orElse(p.literal(0));
      code.addStatement("$T a$L = $L", p.type(), u, bias);
    }
    code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
    Loops.counted(code, "i", inputs);
    code.addStatement("final $T x = $L[i]", p.type(), wiring.source());
    for (int u = 0; u < count; u++) {
      code.addStatement("a$L = $L", u, FmaCode.scalar("params[" + sum(u * inputs, "row", "i") + "]", "x", "a" + u));
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      code.addStatement("$L[$L] = a$L", wiring.out(), u == 0 ? "o" : "o + " + u, u);
    }
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(dense.activation(), p, wiring.grad(), wiring.out(), units));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    Loops.counted(code, "o", units);
    code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
    layer.bias().ifPresent(b -> code.addStatement("grads[$L] += g", Index.at(b, 0, "o")));
    code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
    Loops.counted(code, "i", inputs);
    code.addStatement("grads[row + i] += g * $L[i]", wiring.source());
    code.endControlFlow();
    code.endControlFlow();
    if (wiring.needsInputGradient()) {
      code.add("// dLoss/dInput += W^T x dLoss/dZ: each unit's row adds its share (backward() zeroed it).\n");
      Loops.counted(code, "o", units);
      code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
      code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
      Loops.counted(code, "i", inputs);
      code.addStatement("$L[i] += params[row + i] * g", wiring.sourceGrad());
      code.endControlFlow();
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }

  /** Matrix-matrix products over a micro-batch's rows: {@link DenseBatch}. */
  @Override
  public java.util.Optional<BatchForms> batchForms(com.palantir.javapoet.ClassName self) {
    return java.util.Optional.of(new DenseBatch(layer, p, wiring).forms(self));
  }
}
