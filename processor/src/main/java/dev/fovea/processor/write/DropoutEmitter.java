package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.op.DropoutKind;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Dropout: evaluation copies the input; training keeps each value with probability 1 - rate, scaled by
 * 1 / (1 - rate), and records the factor in a mask the backward pass multiplies by. The keep-or-drop draw of
 * value i is a SplitMix64 hash of the sample's seed, the layer and i: no random state, so a sample's mask does
 * not depend on which thread ran it or what ran before.
 */
public final class DropoutEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final DropoutKind.Spec spec;
  private final Precision p;
  private final Wiring wiring;
  private final int size;
  private final String mask;

  public DropoutEmitter(LayerPlan layer, DropoutKind.Spec spec, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.spec = spec;
    this.p = precision;
    this.wiring = wiring;
    this.size = layer.output().size();
    this.mask = LayerEmitter.member(layer, "Mask");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of(FieldSpec.builder(p.arrayType(), mask, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: per value 0 (dropped) or 1 / (1 - rate), from the last training pass.\n", layer.name())
        .initializer("new $T[$L]", p.type(), size)
        .build());
  }

  private String describe(String what) {
    return LayerEmitter.describe(layer) + ", rate " + spec.rate() + ": " + what + ".\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock code = CodeBlock.of("$T.arraycopy($L, 0, $L, 0, $L);\n", System.class, wiring.source(), wiring.out(),
        size);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe("evaluation, the identity"), code);
  }

  @Override
  public Optional<MethodSpec> trainingForward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// The layer's index keeps two dropouts of one sample from drawing the same mask.\n");
    code.addStatement("final long base = seed + $LL * 0x9E3779B97F4A7C15L", layer.index() + 1);
    Loops.counted(code, "i", size);
    code.addStatement("long z = base + (i + 1) * 0xBF58476D1CE4E5B9L");
    code.addStatement("z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L");
    code.addStatement("z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL");
    code.addStatement("z ^= z >>> 31");
    code.add("// The top 53 bits as a uniform double in [0, 1).\n");
    code.addStatement("$L[i] = (z >>> 11) * 0x1.0p-53 < $L ? 0 : $L", mask, spec.rate(),
        p.narrow() + "(1.0 / (1.0 - " + spec.rate() + "))");
    code.addStatement("$L[i] = $L[i] * $L[i]", wiring.out(), wiring.source(), mask);
    code.endControlFlow();
    return Optional.of(MethodSpec.methodBuilder(LayerEmitter.trainingForwardName(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(describe("training, a mask drawn from the sample's seed"))
        .addParameter(TypeName.LONG, "seed")
        .addCode(code.build())
        .build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
    } else {
      Loops.counted(code, "i", size);
      code.addStatement("$L[i] += training ? $L[i] * $L[i] : $L[i]", wiring.sourceGrad(), wiring.grad(), mask,
          wiring.grad());
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe("backward, through the last pass's mask"),
        code.build());
  }
}
