package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.List;

/** An activation on its own: the input copied to the output and activated in place; backward adds f'(z) * grad. */
public final class ActivateEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Precision p;
  private final Wiring wiring;
  private final int size;

  public ActivateEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
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
    return LayerEmitter.describe(layer) + ", " + layer.spec().activation() + ".\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, wiring.source(), wiring.out(), size);
    code.add(ActivationCode.forward(layer.spec().activation(), p, wiring.out(), size));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
    } else {
      code.add(ActivationCode.backward(layer.spec().activation(), p, wiring.grad(), wiring.out(), size));
      Loops.counted(code, "i", size);
      code.addStatement("$L[i] += $L[i]", wiring.sourceGrad(), wiring.grad());
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
