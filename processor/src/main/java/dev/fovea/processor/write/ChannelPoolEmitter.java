package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.op.ChannelPoolingKind;
import java.util.List;

/**
 * Max or average pooling across channels, plane by plane: output channel o is the maximum or mean of input
 * channels o x strides .. o x strides + window - 1 at each cell. Max pooling records the winning input index of
 * every output value (the first maximum on ties), so backward routes each gradient to that value alone.
 */
public final class ChannelPoolEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final ChannelPoolingKind.Spec pool;
  private final Precision p;
  private final Wiring wiring;
  private final int area;

  public ChannelPoolEmitter(LayerPlan layer, ChannelPoolingKind.Spec pool, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.pool = pool;
    this.p = precision;
    this.wiring = wiring;
    this.area = layer.input().area();
  }

  private String argmaxName() {
    return LayerEmitter.member(layer, "Argmax");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return pool.max() ? List.of(PoolEmitter.argmaxBuffer(layer, "output value")) : List.of();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + "; " + (pool.max() ? "maximum" : "average") + " over windows of "
        + pool.window() + " channels, strides " + pool.strides() + ".\n";
  }

  /** Opens the loops over output channels o and cells i; {@code first} is the window's first input index. */
  private void openCells(CodeBlock.Builder code) {
    Loops.counted(code, "o", layer.output().channels());
    Loops.counted(code, "i", area);
    code.addStatement("final int first = o * $L + i", pool.strides() * area);
    code.addStatement("final int at = o * $L + i", area);
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String x = wiring.source();
    openCells(code);
    if (pool.max()) {
      MaxWindow.open(code, p, x, "first", MaxWindow.Record.BOTH);
      code.beginControlFlow("for (int d = first + $L; d < first + $L; d += $L)", area, pool.window() * area, area);
      MaxWindow.take(code, p, x, "d", MaxWindow.Record.BOTH);
      code.endControlFlow();
      MaxWindow.store(code, wiring.out(), argmaxName(), "at", MaxWindow.Record.BOTH);
    } else {
      code.addStatement("$T acc = 0", p.type());
      code.beginControlFlow("for (int d = first; d < first + $L; d += $L)", pool.window() * area, area);
      code.addStatement("acc += $L[d]", x);
      code.endControlFlow();
      code.addStatement("$L[at] = acc / $L", wiring.out(), p.literal(pool.window()));
    }
    LayerEmitter.close(code, 2);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
    } else if (pool.max()) {
      code.add("// Each output's gradient goes to the input value that won (backward() zeroed dLoss/dInput).\n");
      Loops.counted(code, "o", layer.output().size());
      code.addStatement("$L[$L[o]] += $L[o]", wiring.sourceGrad(), argmaxName(), wiring.grad());
      code.endControlFlow();
    } else {
      code.add("// Each channel of a window had an equal share in its average.\n");
      openCells(code);
      code.addStatement("final $T share = $L[at] / $L", p.type(), wiring.grad(), p.literal(pool.window()));
      code.beginControlFlow("for (int d = first; d < first + $L; d += $L)", pool.window() * area, area);
      code.addStatement("$L[d] += share", wiring.sourceGrad());
      code.endControlFlow();
      LayerEmitter.close(code, 2);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
