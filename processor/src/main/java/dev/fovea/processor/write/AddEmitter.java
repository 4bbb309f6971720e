package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.List;

/**
 * Element-wise sum of two or more inputs of one shape, then the activation. Backward sends the gradient through
 * the activation and adds it, unchanged, to every input's gradient.
 */
public final class AddEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Precision p;
  private final Wiring wiring;
  private final int size;

  public AddEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.p = precision;
    this.wiring = wiring;
    this.size = layer.output().size();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + ", the sum of " + String.join(" + ", layer.sources().stream()
        .map(s -> s.name()).toList()) + ", " + layer.spec().activation() + ".\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    Loops.counted(code, "i", size);
    code.addStatement("$L[i] = $L", wiring.out(), String.join(" + ",
        wiring.sources().stream().map(s -> s + "[i]").toList()));
    code.endControlFlow();
    code.add(ActivationCode.forward(layer.spec().activation(), p, wiring.out(), size));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(layer.spec().activation(), p, wiring.grad(), wiring.out(), size));
    List<String> targets = wiring.sourceGrads().stream().filter(g -> g != null).toList();
    if (targets.isEmpty()) {
      code.add("// Every input is the network's input, which needs no gradient.\n");
    } else {
      code.add("// d(a + b)/da = 1: each input's gradient gets this one added.\n");
      Loops.counted(code, "i", size);
      code.addStatement("final $T g = $L[i]", p.type(), wiring.grad());
      targets.forEach(target -> code.addStatement("$L[i] += g", target));
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
