package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Pooling whose windows reach past the input (padding or ceil mode), with PyTorch's semantics: padding cells
 * never win a maximum; an average divides by the window clipped to the padded input, so padding counts as zeros
 * ({@code count_include_pad=True}) while a ceil-mode window's part beyond the padding does not count.
 */
public final class PaddedPoolEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Pool2DSpec pool;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape out;

  public PaddedPoolEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.pool = (Pool2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.out = layer.output();
  }

  private boolean isMax() {
    return pool.kind() == PoolKind.MAX;
  }

  /** Max pooling that passes a gradient back keeps its windows' winners (see {@link PoolEmitter}). */
  private boolean keepsWinners() {
    return isMax() && wiring.needsInputGradient();
  }

  private String argmaxName() {
    return LayerEmitter.member(layer, "Argmax");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return keepsWinners() ? List.of(PoolEmitter.argmaxBuffer(layer, "output cell")) : List.of();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + "; window " + pool.windowHeight() + "x" + pool.windowWidth()
        + ", strides " + pool.strideHeight() + "x" + pool.strideWidth() + ", padding " + pool.padHeight() + "x"
        + pool.padWidth() + (pool.ceil() ? ", ceil mode" : "") + ".\n";
  }

  /**
   * Opens c, oy, ox with o the output index, and defines the window's rows y0..y1 and columns x0..x1 inside
   * the input, and (for averages) its size inside the padded input.
   */
  private void openWindow(CodeBlock.Builder code) {
    code.addStatement("int o = 0");
    Loops.counted(code, "c", out.channels());
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int top = $L", Index.minus(Index.times("oy", pool.strideHeight()), pool.padHeight()));
    code.addStatement("final int bottom = $T.min(top + $L, $L)", Math.class, pool.windowHeight(),
        in.height() + pool.padHeight());
    code.addStatement("final int y0 = $T.max(top, 0)", Math.class);
    code.addStatement("final int y1 = $T.min(bottom, $L)", Math.class, in.height());
    code.beginControlFlow("for (int ox = 0; ox < $L; ox++, o++)", out.width());
    code.addStatement("final int left = $L", Index.minus(Index.times("ox", pool.strideWidth()), pool.padWidth()));
    code.addStatement("final int right = $T.min(left + $L, $L)", Math.class, pool.windowWidth(),
        in.width() + pool.padWidth());
    code.addStatement("final int x0 = $T.max(left, 0)", Math.class);
    code.addStatement("final int x1 = $T.min(right, $L)", Math.class, in.width());
    code.addStatement("final int plane = c * $L", in.area());
  }

  /** Every window's maximum, its winner or both. */
  private CodeBlock maxWindows(MaxWindow.Record record) {
    CodeBlock.Builder code = CodeBlock.builder();
    String src = wiring.source();
    openWindow(code);
    code.add("// Every window holds an input cell: padding is at most half the window.\n");
    MaxWindow.open(code, p, src, CodeBlock.of("plane + y0 * $L + x0", in.width()).toString(), record);
    code.beginControlFlow("for (int y = y0; y < y1; y++)");
    code.beginControlFlow("for (int x = x0; x < x1; x++)");
    MaxWindow.take(code, p, src, CodeBlock.of("plane + y * $L + x", in.width()).toString(), record);
    LayerEmitter.close(code, 2);
    MaxWindow.store(code, wiring.out(), argmaxName(), "o", record);
    LayerEmitter.close(code, 3);
    return code.build();
  }

  @Override
  public Optional<MethodSpec> trainingForward() {
    return MaxWindow.trainingForward(layer, keepsWinners(), describe(), this::maxWindows);
  }

  @Override
  public MethodSpec forward() {
    if (isMax()) {
      return MaxWindow.forward(layer, describe(), this::maxWindows);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    openWindow(code);
    code.addStatement("$T acc = 0", p.type());
    code.beginControlFlow("for (int y = y0; y < y1; y++)");
    code.beginControlFlow("for (int x = x0; x < x1; x++)");
    code.addStatement("acc += $L[plane + y * $L + x]", wiring.source(), in.width());
    LayerEmitter.close(code, 2);
    code.addStatement("$L[o] = acc / ((bottom - top) * (right - left))", wiring.out());
    LayerEmitter.close(code, 3);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
    } else if (isMax()) {
      MaxWindow.findWinnersAfterInference(code, this::maxWindows);
      Loops.counted(code, "o", out.size());
      code.addStatement("$L[$L[o]] += $L[o]", wiring.sourceGrad(), argmaxName(), wiring.grad());
      code.endControlFlow();
    } else {
      openWindow(code);
      code.addStatement("final $T share = $L[o] / ((bottom - top) * (right - left))", p.type(), wiring.grad());
      code.beginControlFlow("for (int y = y0; y < y1; y++)");
      code.beginControlFlow("for (int x = x0; x < x1; x++)");
      code.addStatement("$L[plane + y * $L + x] += share", wiring.sourceGrad(), in.width());
      LayerEmitter.close(code, 5);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
