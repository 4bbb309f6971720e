package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.model.FixedKernels;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.FixedConv2DKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A fixed kernel applied to each channel on its own, as constant-bound loops over channels, output cells and taps.
 * The weights are constants, so backward only adds dLoss/dInput; a padded layer works on a zero-bordered copy of
 * its input, as {@link ConvEmitter} does.
 */
public final class FixedConvEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final FixedConv2DKind.Spec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape padded;
  private final Shape out;
  private final boolean isPadded;
  private final FixedWeightsCode weights;

  public FixedConvEmitter(LayerPlan layer, FixedConv2DKind.Spec conv, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.conv = conv;
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.padded = layer.padded();
    this.out = layer.output();
    this.isPadded = !layer.padding().isZero();
    boolean box = conv.kernel() == FixedKernel.BOX;
    this.weights = new FixedWeightsCode(layer, precision, box ? null : conv.weights(),
        FixedKernels.boxWeight(conv.kernelHeight(), conv.kernelWidth()));
  }

  private String paddedName() {
    return LayerEmitter.member(layer, "Padded");
  }

  private String paddedGradName() {
    return LayerEmitter.member(layer, "PadDelta");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> fields = new ArrayList<>(weights.fields());
    if (isPadded) {
      fields.add(buffer(paddedName(), "zero-padded input " + padded + "; the border is never written"));
      if (wiring.needsInputGradient()) {
        fields.add(buffer(paddedGradName(), "dLoss/d(padded input) " + padded));
      }
    }
    return fields;
  }

  private FieldSpec buffer(String name, String doc) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), padded.size())
        .build();
  }

  private String describe() {
    var pad = layer.padding();
    return LayerEmitter.describe(layer) + "; fixed " + conv.kernel() + " kernel " + conv.kernelHeight() + "x"
        + conv.kernelWidth() + " per channel, strides " + conv.strideHeight() + "x" + conv.strideWidth()
        + ", padding top " + pad.top() + " bottom " + pad.bottom() + " left " + pad.left() + " right "
        + pad.right() + ".\n";
  }

  /**
   * Opens c, oy, ox (defining o, the output index) and the taps ky, kx (defining at, the input index) and returns
   * the weight of the tap.
   */
  private String openLoops(CodeBlock.Builder code, Loops loops, boolean defineOutput) {
    String c = loops.open("c", in.channels());
    Loops.counted(code, "oy", out.height());
    Loops.counted(code, "ox", out.width());
    code.addStatement("final int o = $L", sum(0, times(c, out.area()), times("oy", out.width()), "ox"));
    if (defineOutput) {
      code.addStatement("$T acc = 0", p.type());
    } else {
      code.addStatement("final $T g = $L[o]", p.type(), wiring.grad());
    }
    String ky = loops.open("ky", conv.kernelHeight());
    String kx = loops.open("kx", conv.kernelWidth());
    code.addStatement("final int at = $L", sum(0, times(c, padded.area()),
        times("oy", conv.strideHeight() * padded.width()), times(ky, padded.width()),
        times("ox", conv.strideWidth()), kx));
    return weights.at(sum(0, times(ky, conv.kernelWidth()), kx));
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String source = wiring.source();
    if (isPadded) {
      code.add("// Copy each input row into the interior of the zero-bordered buffer.\n");
      code.add(ConvCode.rows(in.channels(), in.height(), source,
          (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), paddedName(),
          (c, y) -> ConvCode.paddedRow(layer, c, y), in.width()));
      source = paddedName();
    }
    Loops loops = new Loops(code);
    String tap = openLoops(code, loops, true);
    code.addStatement("acc += $L * $L[at]", tap, source);
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
      return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
    }
    String target = isPadded ? paddedGradName() : wiring.sourceGrad();
    if (isPadded) {
      code.add("// dLoss/d(padded input): zeroed here, then every tap scatters into it.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, target, p.literal(0));
    } else {
      code.add("// dLoss/dInput: every tap adds into it (backward() zeroed it). The weights get no gradient.\n");
    }
    Loops loops = new Loops(code);
    String tap = openLoops(code, loops, false);
    code.addStatement("$L[at] += $L * g", target, tap);
    loops.close(2);
    LayerEmitter.close(code, 2);
    loops.close(1);
    if (isPadded) {
      code.add("// Add all but the border, which was padding, to dLoss/dInput.\n");
      code.add(ConvCode.addRows(in.channels(), in.height(), paddedGradName(),
          (c, y) -> ConvCode.paddedRow(layer, c, y), wiring.sourceGrad(),
          (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width()));
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
