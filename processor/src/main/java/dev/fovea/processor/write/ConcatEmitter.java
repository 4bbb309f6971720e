package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import java.util.List;

/**
 * Joins two or more inputs along the channels: in C x H x W order each input is one contiguous run of the
 * output, so forward copies runs and backward adds each run of the gradient back to its input's gradient.
 */
public final class ConcatEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Precision p;
  private final Wiring wiring;

  public ConcatEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.p = precision;
    this.wiring = wiring;
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + ", joining " + String.join(", ", layer.sources().stream()
        .map(s -> s.name() + " " + s.shape()).toList()) + " along the channels.\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    int offset = 0;
    for (int k = 0; k < layer.sources().size(); k++) {
      Source source = layer.sources().get(k);
      code.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, wiring.sources().get(k), wiring.out(),
          offset, source.shape().size());
      offset += source.shape().size();
    }
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    int offset = 0;
    for (int k = 0; k < layer.sources().size(); k++) {
      Source source = layer.sources().get(k);
      String target = wiring.sourceGrads().get(k);
      if (target == null) {
        code.add("// $L is the network's input, which needs no gradient.\n", source.name());
      } else {
        code.add("// $L: channels from $L of this layer's gradient.\n", source.name(), offset / source.shape().area());
        Loops.counted(code, "i", source.shape().size());
        code.addStatement("$L[i] += $L[$L]", target, wiring.grad(), Index.sum(offset, "i"));
        code.endControlFlow();
      }
      offset += source.shape().size();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
