package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.Arrays;
import java.util.List;

/**
 * Dense over the flattened input: the input buffer is already C x H x W in memory order, so flattening costs
 * nothing. Weights are row-major [units, inputs] as in PyTorch, so every inner loop walks one row.
 */
final class DenseEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final DenseSpec dense;
  private final Precision p;
  private final Wiring wiring;
  private final int inputs;
  private final int units;
  private final int weights;

  DenseEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.dense = (DenseSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.inputs = layer.input().size();
    this.units = dense.units();
    this.weights = layer.weight().orElseThrow().offset();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of();
  }

  private String describe() {
    String flatten = layer.input().flat() ? "" : " (flattened from " + layer.input() + ")";
    return layer.name() + ": Dense [" + inputs + "]" + flatten + " -> " + layer.output() + ", " + dense.activation()
        + (dense.bias() ? "" : ", no bias") + ".\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    String bias = layer.bias().map(b -> "params[" + sum(b.offset(), "o") + "]").orElse(p.literal(0));
    code.addStatement("$T acc = $L", p.type(), bias);
    code.addStatement("final int row = $L", sum(weights, Index.times("o", inputs)));
    code.beginControlFlow("for (int i = 0; i < $L; i++)", inputs);
    code.addStatement("acc += params[row + i] * $L[i]", wiring.source());
    code.endControlFlow();
    code.addStatement("$L[o] = acc", wiring.out());
    code.endControlFlow();
    code.add(ActivationCode.forward(dense.activation(), p, wiring.out(), units));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(dense.activation(), p, wiring.grad(), wiring.out(), units));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
    code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
    layer.bias().ifPresent(b -> code.addStatement("grads[$L] += g", sum(b.offset(), "o")));
    code.addStatement("final int row = $L", sum(weights, Index.times("o", inputs)));
    code.beginControlFlow("for (int i = 0; i < $L; i++)", inputs);
    code.addStatement("grads[row + i] += g * $L[i]", wiring.source());
    code.endControlFlow();
    code.endControlFlow();
    if (wiring.needsInputGradient()) {
      code.add("// dLoss/dInput: zeroed explicitly, then each unit's row adds its share.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, wiring.sourceGrad(), p.literal(0));
      code.beginControlFlow("for (int o = 0; o < $L; o++)", units);
      code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
      code.addStatement("final int row = $L", sum(weights, Index.times("o", inputs)));
      code.beginControlFlow("for (int i = 0; i < $L; i++)", inputs);
      code.addStatement("$L[i] += params[row + i] * g", wiring.sourceGrad());
      code.endControlFlow();
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
