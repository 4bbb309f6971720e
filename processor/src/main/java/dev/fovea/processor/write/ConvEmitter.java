package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Conv2D as constant-bound loops, for strides above 1, kernels past 7 per side and buffers too large for the
 * plane emitters: for each output channel, input channel and kernel tap, a loop over output rows and columns.
 * The code stays small whatever the kernel; it is not vectorised. A padded layer first copies its input into a
 * zero-bordered buffer, so the loops never test bounds.
 */
public final class ConvEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final Conv2DSpec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape padded;
  private final Shape out;
  private final boolean isPadded;

  public ConvEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.conv = (Conv2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.padded = layer.padded();
    this.out = layer.output();
    this.isPadded = !layer.padding().isZero();
  }

  private String paddedName() {
    return LayerEmitter.member(layer, "Padded");
  }

  private String paddedGradName() {
    return LayerEmitter.member(layer, "PadDelta");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    if (!isPadded) {
      return List.of();
    }
    FieldSpec input = buffer(paddedName(), "zero-padded input " + padded + "; the border is never written");
    if (!wiring.needsInputGradient()) {
      return List.of(input);
    }
    return List.of(input, buffer(paddedGradName(), "dLoss/d(padded input) " + padded));
  }

  private FieldSpec buffer(String name, String doc) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), padded.size())
        .build();
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String source = wiring.source();
    if (isPadded) {
      code.add("// Copy each input row into the interior of the zero-bordered buffer.\n");
      code.add(ConvCode.rows(in.channels(), in.height(), source, (c, y) -> sum(0, times(c, in.area()), times(y, in.width())),
          paddedName(), (c, y) -> ConvCode.paddedRow(layer, c, y), in.width()));
      source = paddedName();
    }
    int outArea = out.area();
    Loops.counted(code, "co", out.channels());
    String bias = layer.bias().map(b -> "params[" + Index.at(b, 0, "co") + "]").orElse(p.literal(0));
    code.addStatement("$T.fill($L, co * $L, co * $L + $L, $L)", Arrays.class, wiring.out(), outArea, outArea,
        outArea, bias);
    Loops loops = new Loops(code);
    Taps taps = openTapLoops(loops);
    code.addStatement("final $T k = params[$L]", p.type(), weightIndex(taps));
    openRowLoop(code, taps);
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[d + ox] += k * $L[$L]", wiring.out(), source, sum(0, "s", times("ox", conv.strideWidth())));
    LayerEmitter.close(code, 2);
    loops.close(3);
    code.endControlFlow();
    code.add(ActivationCode.forward(conv.activation(), p, wiring.out(), out.size()));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), ConvCode.describe(layer, ""), code.build());
  }

  @Override
  public MethodSpec backward() {
    String source = isPadded ? paddedName() : wiring.source();
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(conv.activation(), p, wiring.grad(), wiring.out(), out.size()));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    Loops.counted(code, "co", out.channels());
    ConvCode.addBiasGradient(code, layer, p, wiring.grad());
    Loops loops = new Loops(code);
    Taps taps = openTapLoops(loops);
    code.addStatement("$T acc = 0", p.type());
    openRowLoop(code, taps);
    Loops.counted(code, "ox", out.width());
    code.addStatement("acc += $L[d + ox] * $L[$L]", wiring.grad(), source, sum(0, "s", times("ox", conv.strideWidth())));
    LayerEmitter.close(code, 2);
    code.addStatement("grads[$L] += acc", weightIndex(taps));
    loops.close(3);
    code.endControlFlow();
    if (wiring.needsInputGradient()) {
      addInputGradient(code);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), ConvCode.describe(layer, ""), code.build());
  }

  private void addInputGradient(CodeBlock.Builder code) {
    String target = isPadded ? paddedGradName() : wiring.sourceGrad();
    if (isPadded) {
      code.add("// dLoss/d(padded input): zeroed here, then every tap scatters into it.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, target, p.literal(0));
    } else {
      code.add("// dLoss/dInput: every tap adds into it (backward() zeroed it).\n");
    }
    Loops.counted(code, "co", out.channels());
    Loops loops = new Loops(code);
    Taps taps = openTapLoops(loops);
    code.addStatement("final $T k = params[$L]", p.type(), weightIndex(taps));
    openRowLoop(code, taps);
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[$L] += k * $L[d + ox]", target, sum(0, "s", times("ox", conv.strideWidth())), wiring.grad());
    LayerEmitter.close(code, 2);
    loops.close(3);
    code.endControlFlow();
    if (isPadded) {
      code.add("// Add all but the border, which was padding, to dLoss/dInput.\n");
      code.add(addRowsBack());
    }
  }

  /** The loop variables over input channels and kernel taps, each "" where its loop runs once and is left out. */
  private record Taps(String ci, String ky, String kx) {}

  /** Opens the loops over input channels and kernel taps (the caller opened co). */
  private Taps openTapLoops(Loops loops) {
    return new Taps(loops.open("ci", in.channels()), loops.open("ky", conv.kernelHeight()),
        loops.open("kx", conv.kernelWidth()));
  }

  /** Opens the loop over output rows and defines s (input start) and d (output row start). */
  private void openRowLoop(CodeBlock.Builder code, Taps t) {
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int s = $L", sum(0, times(t.ci(), padded.area()),
        times("oy", conv.strideHeight() * padded.width()), times(t.ky(), padded.width()), t.kx()));
    code.addStatement("final int d = $L", sum(0, times("co", out.area()), times("oy", out.width())));
  }

  private String weightIndex(Taps t) {
    int taps = conv.kernelHeight() * conv.kernelWidth();
    return Index.at(layer.weight().orElseThrow(), 0, times("co", in.channels() * taps), times(t.ci(), taps),
        times(t.ky(), conv.kernelWidth()), t.kx());
  }

  private CodeBlock addRowsBack() {
    return ConvCode.addRows(in.channels(), in.height(), paddedGradName(), (c, y) -> ConvCode.paddedRow(layer, c, y),
        wiring.sourceGrad(), (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width());
  }
}
