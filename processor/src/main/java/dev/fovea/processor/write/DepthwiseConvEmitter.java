package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.DepthwiseKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Depthwise convolution (and the separable one: depthwise into a middle buffer, then a 1x1 convolution). At unit
 * strides the depthwise part walks whole planes ({@link DepthwisePlanes}); at other strides, constant-bound loops:
 * for each depthwise channel o (reading input channel o / multiplier) and tap, a loop over output rows and
 * columns. The pointwise part is a matrix product ({@link PointwiseProduct}). A padded layer works on a
 * zero-bordered copy of its input, as {@link ConvEmitter} does.
 */
public final class DepthwiseConvEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final DepthwiseKind.Spec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape padded;
  private final Shape out;
  private final boolean isPadded;
  private final int depth;
  private final int area;
  private final ParamPlan depthwise;
  private final Optional<ParamPlan> pointwise;
  private final Optional<ParamPlan> bias;
  private final Optional<DepthwisePlanes> planes;
  private final Optional<PointwiseProduct> product;
  /** The stride of the depthwise result's rows (the middle buffer's are padded on the vector backend). */
  private final int middleRow;

  public DepthwiseConvEmitter(LayerPlan layer, DepthwiseKind.Spec conv, Precision precision, Wiring wiring,
      Backend backend) {
    this.layer = layer;
    this.conv = conv;
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.padded = layer.padded();
    this.out = layer.output();
    this.isPadded = !layer.padding().isZero();
    this.depth = in.channels() * conv.multiplier();
    this.area = out.area();
    this.depthwise = layer.params().get(0);
    this.pointwise = conv.separable() ? Optional.of(layer.params().get(1)) : Optional.empty();
    this.bias = conv.bias() ? Optional.of(layer.params().get(layer.params().size() - 1)) : Optional.empty();
    this.planes = DepthwisePlanes.suits(conv)
        ? Optional.of(new DepthwisePlanes(layer, conv, precision, backend, depth, source()))
        : Optional.empty();
    this.product = pointwise.map(w -> new PointwiseProduct(layer, precision, wiring, backend, depth, w, bias));
    this.middleRow = product.map(PointwiseProduct::cellRow).orElse(area);
  }

  private String name(String what) {
    return LayerEmitter.member(layer, what);
  }

  /** The depthwise result: the middle buffer of a separable layer, else the output. */
  private String middle() {
    return conv.separable() ? name("Middle") : wiring.out();
  }

  /** dLoss/d(depthwise result). */
  private String middleGrad() {
    return conv.separable() ? name("MiddleDelta") : wiring.grad();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> fields = new ArrayList<>();
    if (isPadded) {
      fields.add(buffer(name("Padded"), "zero-padded input " + padded + "; the border is never written",
          padded.size()));
      if (wiring.needsInputGradient()) {
        fields.add(buffer(name("PadDelta"), "dLoss/d(padded input) " + padded, padded.size()));
      }
    }
    product.ifPresent(pw -> fields.addAll(pw.buffers()));
    planes.ifPresent(pl -> fields.addAll(pl.buffers(true)));
    return fields;
  }

  private FieldSpec buffer(String name, String doc, int size) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), size)
        .build();
  }

  private String describe() {
    var pad = layer.padding();
    return LayerEmitter.describe(layer) + "; depthwise kernel " + conv.kernelHeight() + "x" + conv.kernelWidth()
        + " x multiplier " + conv.multiplier() + (conv.separable() ? ", then 1x1 to " + conv.filters() : "")
        + ", strides " + conv.strideHeight() + "x" + conv.strideWidth() + ", padding top " + pad.top() + " bottom "
        + pad.bottom() + " left " + pad.left() + " right " + pad.right() + ", " + conv.activation()
        + (conv.bias() ? "" : ", no bias") + ".\n";
  }

  private String source() {
    return isPadded ? name("Padded") : wiring.source();
  }

  /** Opens o (depthwise channel, defining c, the input channel it reads). */
  private void openChannel(CodeBlock.Builder code) {
    Loops.counted(code, "o", depth);
    code.addStatement("final int c = $L", conv.multiplier() == 1 ? "o" : "o / " + conv.multiplier());
  }

  /**
   * Opens ky, kx, hands the weight's index to {@code beforeRows}, then opens oy with s (input start) and d (output
   * row start), then ox; returns the weight's index.
   */
  private String openTaps(CodeBlock.Builder code, Loops loops, Consumer<String> beforeRows) {
    String ky = loops.open("ky", conv.kernelHeight());
    String kx = loops.open("kx", conv.kernelWidth());
    String weight = Index.at(depthwise, 0, times("o", conv.kernelHeight() * conv.kernelWidth()),
        times(ky, conv.kernelWidth()), kx);
    beforeRows.accept(weight);
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int s = $L", sum(0, times("c", padded.area()),
        times("oy", conv.strideHeight() * padded.width()), times(ky, padded.width()), kx));
    code.addStatement("final int d = $L", sum(0, times("o", middleRow), times("oy", out.width())));
    Loops.counted(code, "ox", out.width());
    return weight;
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (isPadded) {
      code.add("// Copy each input row into the interior of the zero-bordered buffer.\n");
      code.add(ConvCode.rows(in.channels(), in.height(), wiring.source(),
          (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), name("Padded"),
          (c, y) -> ConvCode.paddedRow(layer, c, y), in.width()));
    }
    String start = conv.separable() || bias.isEmpty() ? null : "params[" + Index.at(bias.get(), 0, "o") + "]";
    if (planes.isPresent()) {
      code.add(planes.get().forward(middle(), middleRow));
    } else {
      addLoopsForward(code, start == null ? p.literal(0) : start);
    }
    product.ifPresent(pw -> code.add(pw.forward()));
    code.add(ActivationCode.forward(conv.activation(), p, wiring.out(), out.size()));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  /** The depthwise part at any strides: per channel and tap, loops over the output rows and columns. */
  private void addLoopsForward(CodeBlock.Builder code, String start) {
    openChannel(code);
    code.addStatement("$T.fill($L, o * $L, o * $L + $L, $L)", Arrays.class, middle(), middleRow, middleRow, area,
        start);
    Loops loops = new Loops(code);
    openTaps(code, loops, weight -> code.addStatement("final $T k = params[$L]", p.type(), weight));
    code.addStatement("$L[d + ox] += k * $L[$L]", middle(), source(), sum(0, "s", times("ox", conv.strideWidth())));
    LayerEmitter.close(code, 2);
    loops.close(2);
    code.endControlFlow();
  }

  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> methods = new ArrayList<>();
    product.ifPresent(pw -> methods.addAll(pw.helpers()));
    planes.ifPresent(pl -> methods.addAll(pl.helpers()));
    return methods;
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(conv.activation(), p, wiring.grad(), wiring.out(), out.size()));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    product.ifPresent(pw -> code.add(pw.backward()));
    if (!conv.separable()) {
      bias.ifPresent(b -> {
        openChannel(code);
        code.addStatement("$T sum = 0", p.type());
        Loops.counted(code, "i", area);
        code.addStatement("sum += $L[o * $L + i]", middleGrad(), area);
        code.endControlFlow();
        code.addStatement("grads[$L] += sum", Index.at(b, 0, "o"));
        code.endControlFlow();
      });
    }
    if (planes.isEmpty()) {
      addLoopsWeightGradient(code);
      if (wiring.needsInputGradient()) {
        addInputGradient(code);
      }
    } else if (!wiring.needsInputGradient()) {
      code.add(planes.get().backward(middleGrad(), middleRow, null));
    } else if (isPadded) {
      code.add("// dLoss/d(padded input), zeroed here, then every channel adds to it.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, name("PadDelta"), p.literal(0));
      code.add(planes.get().backward(middleGrad(), middleRow, name("PadDelta")));
      addPaddedInputGradient(code);
    } else {
      code.add("// dLoss/dInput: every channel adds to it (backward() zeroed it).\n");
      code.add(planes.get().backward(middleGrad(), middleRow, wiring.sourceGrad()));
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }

  /** The depthwise weight gradient at any strides: per channel and tap, a sum over the output rows and columns. */
  private void addLoopsWeightGradient(CodeBlock.Builder code) {
    openChannel(code);
    Loops loops = new Loops(code);
    String weight = openTaps(code, loops, w -> code.addStatement("$T acc = 0", p.type()));
    code.addStatement("acc += $L[d + ox] * $L[$L]", middleGrad(), source(),
        sum(0, "s", times("ox", conv.strideWidth())));
    LayerEmitter.close(code, 2);
    code.addStatement("grads[$L] += acc", weight);
    loops.close(2);
    code.endControlFlow();
  }

  /** Adds all but the border of dLoss/d(padded input), which was padding, to dLoss/dInput. */
  private void addPaddedInputGradient(CodeBlock.Builder code) {
    code.add("// Add all but the border, which was padding, to dLoss/dInput.\n");
    code.add(ConvCode.addRows(in.channels(), in.height(), name("PadDelta"),
        (c, y) -> ConvCode.paddedRow(layer, c, y), wiring.sourceGrad(),
        (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width()));
  }

  private void addInputGradient(CodeBlock.Builder code) {
    String target = isPadded ? name("PadDelta") : wiring.sourceGrad();
    if (isPadded) {
      code.add("// dLoss/d(padded input): zeroed here, then every tap scatters into it.\n");
      code.addStatement("$T.fill($L, $L)", Arrays.class, target, p.literal(0));
    } else {
      code.add("// dLoss/dInput: every tap adds into it (backward() zeroed it).\n");
    }
    openChannel(code);
    Loops loops = new Loops(code);
    openTaps(code, loops, weight -> code.addStatement("final $T k = params[$L]", p.type(), weight));
    code.addStatement("$L[$L] += k * $L[d + ox]", target, sum(0, "s", times("ox", conv.strideWidth())),
        middleGrad());
    LayerEmitter.close(code, 2);
    loops.close(2);
    code.endControlFlow();
    if (isPadded) {
      addPaddedInputGradient(code);
    }
  }
}
