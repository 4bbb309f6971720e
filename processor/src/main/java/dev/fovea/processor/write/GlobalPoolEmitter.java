package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import java.util.List;

/**
 * Global max or average pooling: one value per channel from its whole plane. Max pooling keeps the winning cell
 * of each channel (the first maximum on ties) so that backward sends the gradient there alone.
 */
public final class GlobalPoolEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Precision p;
  private final Wiring wiring;
  private final boolean max;
  private final Shape in;

  public GlobalPoolEmitter(LayerPlan layer, Precision precision, Wiring wiring, boolean max) {
    this.layer = layer;
    this.p = precision;
    this.wiring = wiring;
    this.max = max;
    this.in = layer.input();
  }

  private String argmaxName() {
    return LayerEmitter.member(layer, "Argmax");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return max ? List.of(PoolEmitter.argmaxBuffer(layer, "channel")) : List.of();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + ", the " + (max ? "maximum" : "average") + " of each channel's "
        + in.height() + "x" + in.width() + " plane.\n";
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    Loops.counted(code, "c", in.channels());
    code.addStatement("final int plane = c * $L", in.area());
    if (max) {
      code.addStatement("int best = plane");
      code.beginControlFlow("for (int i = plane + 1; i < plane + $L; i++)", in.area());
      code.beginControlFlow("if ($L[i] > $L[best])", wiring.source(), wiring.source());
      code.addStatement("best = i");
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("$L[c] = $L[best]", wiring.out(), wiring.source());
      code.addStatement("$L[c] = best", argmaxName());
    } else {
      code.addStatement("$T acc = 0", p.type());
      code.beginControlFlow("for (int i = plane; i < plane + $L; i++)", in.area());
      code.addStatement("acc += $L[i]", wiring.source());
      code.endControlFlow();
      code.addStatement("$L[c] = acc / $L", wiring.out(), p.literal(in.area()));
    }
    code.endControlFlow();
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
    } else if (max) {
      Loops.counted(code, "c", in.channels());
      code.addStatement("$L[$L[c]] += $L[c]", wiring.sourceGrad(), argmaxName(), wiring.grad());
      code.endControlFlow();
    } else {
      code.add("// Every cell of a plane had an equal share in its average.\n");
      Loops.counted(code, "c", in.channels());
      code.addStatement("final $T share = $L[c] / $L", p.type(), wiring.grad(), p.literal(in.area()));
      code.addStatement("final int plane = c * $L", in.area());
      code.beginControlFlow("for (int i = plane; i < plane + $L; i++)", in.area());
      code.addStatement("$L[i] += share", wiring.sourceGrad());
      code.endControlFlow();
      code.endControlFlow();
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
