package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.GaussianPoolingKind;
import java.util.List;

/**
 * Gaussian-weighted average pooling: each output is the sum of its window's values times fixed weights that sum
 * to 1; backward gives each value of the window its weight's share of the output's gradient.
 */
public final class GaussianPoolEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final GaussianPoolingKind.Spec pool;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape out;
  private final FixedWeightsCode weights;

  public GaussianPoolEmitter(LayerPlan layer, GaussianPoolingKind.Spec pool, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.pool = pool;
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.out = layer.output();
    this.weights = new FixedWeightsCode(layer, precision, pool.weights(), 0);
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return weights.fields();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + "; Gaussian window " + pool.windowHeight() + "x" + pool.windowWidth()
        + ", sigma " + pool.sigma() + ", strides " + pool.strideHeight() + "x" + pool.strideWidth() + ".\n";
  }

  /** Opens c, oy, ox (defining o) and the window's ky, kx (defining at and w, the input index and the weight). */
  private void openLoops(CodeBlock.Builder code, Loops loops, boolean forward) {
    String c = loops.open("c", in.channels());
    Loops.counted(code, "oy", out.height());
    Loops.counted(code, "ox", out.width());
    code.addStatement("final int o = $L", sum(0, times(c, out.area()), times("oy", out.width()), "ox"));
    if (forward) {
      code.addStatement("$T acc = 0", p.type());
    } else {
      code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
    }
    String ky = loops.open("ky", pool.windowHeight());
    String kx = loops.open("kx", pool.windowWidth());
    code.addStatement("final int at = $L", sum(0, times(c, in.area()),
        times("oy", pool.strideHeight() * in.width()), times(ky, in.width()), times("ox", pool.strideWidth()), kx));
    code.addStatement("final $T w = $L", p.type(), weights.at(sum(0, times(ky, pool.windowWidth()), kx)));
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    Loops loops = new Loops(code);
    openLoops(code, loops, true);
    code.addStatement("acc += w * $L[at]", wiring.source());
    loops.close(2);
    code.addStatement("$L[o] = acc", wiring.out());
    LayerEmitter.close(code, 2);
    loops.close(1);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient, and has no parameters.\n");
    } else {
      code.add("// Each value of a window gets its weight's share (backward() zeroed dLoss/dInput).\n");
      Loops loops = new Loops(code);
      openLoops(code, loops, false);
      code.addStatement("$L[at] += w * g", wiring.sourceGrad());
      loops.close(2);
      LayerEmitter.close(code, 2);
      loops.close(1);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
