package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import javax.lang.model.element.Modifier;

/**
 * A stride-1 convolution's weight gradient as outer products vectorised along the output channels:
 * dW[co][ci][ky][kx] += x[ci][oy + ky][ox + kx] * dZ[co][oy][ox]. The usual form sums over cells, a reduction
 * C2 does not vectorise; here the inner loop runs over one row of output channels at the loop index.
 */
final class ChannelWeightGradient {
  private ChannelWeightGradient() {}


  /** Needs a vector's worth of output channels. */
  static boolean suits(LayerPlan layer) {
    return layer.output().channels() >= AlignedConvEmitter.ALIGN;
  }

  static List<FieldSpec> buffers(LayerPlan layer, Precision p) {
    Shape out = layer.output();
    return List.of(
        FieldSpec.builder(ArrayTypeName.of(p.arrayType()), LayerEmitter.member(layer, "DeltaRows"), Modifier.PRIVATE,
                Modifier.FINAL)
            .addJavadoc("$L: per output cell, dLoss/dZ of every output channel.\n", layer.name())
            .initializer("new $L[$L][$L]", p.type(), out.area(), out.channels())
            .build(),
        FieldSpec.builder(ArrayTypeName.of(p.arrayType()), LayerEmitter.member(layer, "WeightRows"), Modifier.PRIVATE,
                Modifier.FINAL)
            .addJavadoc("$L: per kernel column, one kernel row's weight gradient for every output channel.\n",
                layer.name())
            .initializer("new $L[$L][$L]", p.type(), ((Conv2DSpec) layer.spec()).kernelWidth(), out.channels())
            .build());
  }

  /**
   * Appends the weight gradient. Inside the loop over ci, {@code declarePlanes} names input channel ci's planes
   * x0, x1..., one per kernel column kx, each holding the padded input moved left by kx in rows of
   * {@code rowWidth}, as {@link AlignedConvEmitter} lays them out.
   */
  static void emit(CodeBlock.Builder code, LayerPlan layer, Precision p, String grad,
      BiConsumer<CodeBlock.Builder, String> declarePlanes, int rowWidth) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    Shape out = layer.output();
    int taps = conv.kernelHeight() * conv.kernelWidth();
    String deltaRows = LayerEmitter.member(layer, "DeltaRows");
    code.add("// Transpose dLoss/dZ to one row of output channels per cell.\n");
    Loops.counted(code, "co", out.channels());
    Loops.counted(code, "i", out.area());
    code.addStatement("$L[i][co] = $L[$L]", deltaRows, grad, sum(0, times("co", out.area()), "i"));
    code.endControlFlow();
    code.endControlFlow();
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("final $T rows$L = $L[$L]", p.arrayType(), kx, LayerEmitter.member(layer, "WeightRows"), kx);
    }
    Loops loops = new Loops(code);
    String ci = loops.open("ci", layer.input().channels());
    declarePlanes.accept(code, ci);
    Loops.counted(code, "ky", conv.kernelHeight());
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("$T.fill(rows$L, $L)", Arrays.class, kx, p.literal(0));
    }
    code.add("// Each cell's dZ row serves the whole kernel row: one load, one FMA per kernel column.\n");
    Loops.counted(code, "oy", out.height());
    Loops.counted(code, "ox", out.width());
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("final $T x$LValue = x$L[$L]", p.type(), kx, kx,
          sum(0, times("oy", rowWidth), times("ky", rowWidth), "ox"));
    }
    code.addStatement("final $T delta = $L[$L]", p.arrayType(), deltaRows, sum(0, times("oy", out.width()), "ox"));
    Loops.counted(code, "co", out.channels());
    code.addStatement("final $T d = delta[co]", p.type());
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("rows$L[co] = $L", kx, FmaCode.scalar("x" + kx + "Value", "d", "rows" + kx + "[co]"));
    }
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    Loops.counted(code, "co", out.channels());
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("grads[$L] += rows$L[co]", Index.at(layer.weight().orElseThrow(), kx,
          times("co", layer.input().channels() * taps), times(ci, taps), times("ky", conv.kernelWidth())), kx);
    }
    code.endControlFlow();
    code.endControlFlow();
    loops.close(1);
  }
}
