package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Stride-1 Conv2D whose forward pass and weight gradient C2 can vectorise. C2 (JDK 17) vectorises a loop only
 * when every array index is the loop index plus a constant multiple of the vector width: a loop-invariant
 * offset, or a constant such as + 1, keeps it scalar (8 against 30 GFLOP/s measured here). So each input and
 * output channel gets an array of its own, rows are padded to a multiple of {@value #ALIGN} values, and the
 * input is kept once per kernel column, moved left by that column: tap (ky, kx) then reads plane kx at
 * i + ky * row width. The input gradient is the same loop over the zero-bordered output gradient.
 */
public final class AlignedConvEmitter implements LayerEmitter {
  /** Floats in the widest vector (AVX-512); rows padded to it are aligned for every narrower vector too. */
  static final int ALIGN = 16;

  /** Taps per vectorised loop; 25 (a whole 5x5 kernel) measured 2.5x slower on LeNet's c3 than rows of 5. */
  private static final int VECTOR_LOOP_TAPS = 9;

  /** Independent sums per scalar reduction loop; a whole 5x5 kernel took LeNet's c1 gradient from 40 to 25 us. */
  private static final int REDUCTION_LOOP_TAPS = 25;

  private final LayerPlan layer;
  private final Conv2DSpec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape out;
  private final int rowWidth;
  private final int planeLength;
  private final int outPlane;

  public AlignedConvEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.conv = (Conv2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.out = layer.output();
    this.rowWidth = aligned(out.width());
    this.planeLength = layer.padded().height() * rowWidth;
    this.outPlane = out.height() * rowWidth;
  }

  /** The width rounded up to a whole number of vectors. */
  private static int aligned(int width) {
    return (width + ALIGN - 1) / ALIGN * ALIGN;
  }

  /** Worth it once an output row fills half a vector; narrower rows would mostly compute scratch columns. */
  static boolean suits(LayerPlan layer) {
    return layer.output().width() >= ALIGN / 2;
  }

  private String name(String suffix) {
    return LayerEmitter.member(layer, suffix);
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> buffers = new ArrayList<>();
    buffers.add(planes("Shifted", conv.kernelWidth() * in.channels(), planeLength,
        "per kernel column kx and input channel c (index kx * C + c), the zero-padded input moved left by kx, "
            + "in rows of " + rowWidth));
    buffers.add(planes("Acc", out.channels(), outPlane, "per output channel, Z in rows of " + rowWidth));
    if (!channelVectors()) {
      buffers.add(planes("Delta", out.channels(), outPlane, "per output channel, dLoss/dZ in rows of " + rowWidth
          + "; scratch columns stay zero"));
    } else {
      buffers.addAll(ChannelWeightGradient.buffers(layer, p));
    }
    if (wiring.needsInputGradient()) {
      buffers.add(planes("BorderShifted", conv.kernelWidth() * out.channels(), borderedPlane(),
          "per kernel column kx and output channel c (index kx * F + c), dLoss/dZ inside a zero border, "
              + "moved right by kx, in rows of " + backRowWidth()));
      buffers.add(planes("Back", in.channels(), layer.padded().height() * backRowWidth(),
          "per input channel, dLoss/d(padded input) in rows of " + backRowWidth()));
    }
    return buffers;
  }

  /** Whether the weight gradient takes {@link ChannelWeightGradient}'s vectorised form. */
  private boolean channelVectors() {
    return ChannelWeightGradient.suits(layer);
  }

  /** Row width of the input-gradient planes: the padded input width, rounded up to the vector width. */
  private int backRowWidth() {
    return aligned(layer.padded().width());
  }

  private int borderedPlane() {
    return (layer.padded().height() + conv.kernelHeight() - 1) * backRowWidth();
  }


  private FieldSpec planes(String suffix, int count, int length, String doc) {
    return FieldSpec.builder(ArrayTypeName.of(p.arrayType()), name(suffix), Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L][$L]", p.type(), count, length)
        .build();
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Plane kx * C + c holds row y of the padded input at y * $L, moved left by kx.\n", rowWidth);
    code.add("// Padding cells are never written and stay zero; scratch columns may hold input, which only\n");
    code.add("// reaches scratch outputs (cropped) and zero dZ columns.\n");
    var pad = layer.padding();
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      // Input column x lands at padded column x + left, shifted column x + left - kx, kept when in [0, rowWidth).
      int first = Math.max(0, kx - pad.left());
      int last = Math.min(in.width(), rowWidth + kx - pad.left());
      if (last <= first) {
        continue;
      }
      Loops loops = new Loops(code);
      String c = loops.open("c", in.channels());
      String y = loops.open("y", in.height());
      code.addStatement("$T.arraycopy($L, $L, $L[$L], $L, $L)", System.class, wiring.source(),
          sum(first, times(c, in.area()), times(y, in.width())), name("Shifted"),
          sum(kx * in.channels(), c), sum(pad.top() * rowWidth + first + pad.left() - kx, times(y, rowWidth)),
          last - first);
      loops.close(2);
    }
    Loops.counted(code, "co", out.channels());
    code.addStatement("final $T acc = $L[co]", p.arrayType(), name("Acc"));
    String bias = layer.bias().map(b -> "params[" + Index.at(b, 0, "co") + "]").orElse(p.literal(0));
    code.addStatement("$T.fill(acc, $L)", Arrays.class, bias);
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    declarePlanes(code, ci);
    for (List<int[]> group : PlanarConvEmitter.tapGroups(conv, VECTOR_LOOP_TAPS)) {
      code.add("{\n").indent();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("final $T k$L = params[$L]", p.type(), t, ConvCode.weightIndex(layer, "co", ci, group.get(t)[0], group.get(t)[1]));
      }
      Loops.counted(code, "i", outPlane);
      code.addStatement("$T v = acc[i]", p.type());
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("v = $L", FmaCode.scalar("k" + t, "x" + group.get(t)[1] + "[" + sum(group.get(t)[0] * rowWidth, "i") + "]",
            "v"));
      }
      code.addStatement("acc[i] = v");
      code.endControlFlow();
      code.unindent().add("}\n");
    }
    loops.close(1);
    code.add("// Crop the scratch columns.\n");
    Loops.counted(code, "y", out.height());
    code.addStatement("$T.arraycopy(acc, $L, $L, $L, $L)", System.class, times("y", rowWidth), wiring.out(),
        sum(0, times("co", out.area()), times("y", out.width())), out.width());
    code.endControlFlow();
    code.endControlFlow();
    code.add(ActivationCode.forward(conv.activation(), p, wiring.out(), out.size()));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), ConvCode.describe(layer, "; channel planes in rows of " + rowWidth), code.build());
  }

  /** Per output channel (the caller's loop over co): each tap's gradient as a sum over the cells. */
  private void addCellSumWeightGradient(CodeBlock.Builder code) {
    code.addStatement("final $T delta = $L[co]", p.arrayType(), name("Delta"));
    Loops.counted(code, "y", out.height());
    code.addStatement("$T.arraycopy($L, $L, delta, $L, $L)", System.class, wiring.grad(),
        sum(0, times("co", out.area()), times("y", out.width())), times("y", rowWidth), out.width());
    code.endControlFlow();
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    declarePlanes(code, ci);
    for (List<int[]> group : PlanarConvEmitter.tapGroups(conv, REDUCTION_LOOP_TAPS)) {
      code.add("{\n").indent();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("$T a$L = 0", p.type(), t);
      }
      Loops.counted(code, "i", outPlane);
      code.addStatement("final $T g = delta[i]", p.type());
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("a$L = $L", t, FmaCode.scalar("g", "x" + group.get(t)[1] + "[" + sum(group.get(t)[0] * rowWidth, "i") + "]",
            "a" + t));
      }
      code.endControlFlow();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("grads[$L] += a$L", ConvCode.weightIndex(layer, "co", ci, group.get(t)[0], group.get(t)[1]), t);
      }
      code.unindent().add("}\n");
    }
    loops.close(1);
  }

  /**
   * dLoss/dInput: the zero-bordered dLoss/dZ convolved with the flipped kernel, in the forward pass's loop
   * shape. Plane kx holds dZ row oy at row oy + kh - 1, moved right by kx, so tap (ky, kx) reads plane kx at
   * i + (kh - 1 - ky) * row width.
   */
  private void addInputGradient(CodeBlock.Builder code) {
    int kh = conv.kernelHeight();
    int back = backRowWidth();
    int backPlane = layer.padded().height() * back;
    code.add("// dLoss/dInput: dLoss/dZ, zero-bordered, convolved with the flipped kernel.\n");
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      Loops loops = new Loops(code);
      String c = loops.open("c", out.channels());
      String y = loops.open("y", out.height());
      code.addStatement("$T.arraycopy($L, $L, $L[$L], $L, $L)", System.class, wiring.grad(),
          sum(0, times(c, out.area()), times(y, out.width())), name("BorderShifted"),
          sum(kx * out.channels(), c), sum((kh - 1) * back + kx, times(y, back)), out.width());
      loops.close(2);
    }
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    code.addStatement("final $T acc = $L[$L]", p.arrayType(), name("Back"), sum(0, ci));
    code.addStatement("$T.fill(acc, $L)", Arrays.class, p.literal(0));
    Loops.counted(code, "co", out.channels());
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("final $T b$L = $L[$L]", p.arrayType(), kx, name("BorderShifted"),
          sum(kx * out.channels(), "co"));
    }
    for (List<int[]> group : PlanarConvEmitter.tapGroups(conv, VECTOR_LOOP_TAPS)) {
      code.add("{\n").indent();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("final $T k$L = params[$L]", p.type(), t, ConvCode.weightIndex(layer, "co", ci, group.get(t)[0], group.get(t)[1]));
      }
      Loops.counted(code, "i", backPlane);
      code.addStatement("$T v = acc[i]", p.type());
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("v = $L", FmaCode.scalar("k" + t, "b" + group.get(t)[1] + "["
            + sum((kh - 1 - group.get(t)[0]) * back, "i") + "]", "v"));
      }
      code.addStatement("acc[i] = v");
      code.endControlFlow();
      code.unindent().add("}\n");
    }
    code.endControlFlow();
    var pad = layer.padding();
    code.add("// Add the rows and columns that were input, not padding or scratch, to dLoss/dInput.\n");
    Loops.counted(code, "y", in.height());
    code.add(ConvCode.addRow("acc", sum(pad.top() * back + pad.left(), times("y", back)), wiring.sourceGrad(),
        sum(0, times(ci, in.area()), times("y", in.width())), in.width()));
    code.endControlFlow();
    loops.close(1);
  }

  /** Names input channel ci's shifted planes x0, x1... ("" for ci: the only channel). */
  private void declarePlanes(CodeBlock.Builder code, String ci) {
    for (int kx = 0; kx < conv.kernelWidth(); kx++) {
      code.addStatement("final $T x$L = $L[$L]", p.arrayType(), kx, name("Shifted"), sum(kx * in.channels(), ci));
    }
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(conv.activation(), p, wiring.grad(), wiring.out(), out.size()));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    boolean cellSums = !channelVectors();
    if (layer.bias().isPresent() || cellSums) {
      Loops.counted(code, "co", out.channels());
      ConvCode.addBiasGradient(code, layer, p, wiring.grad());
      if (cellSums) {
        addCellSumWeightGradient(code);
      }
      code.endControlFlow();
    }
    if (!cellSums) {
      ChannelWeightGradient.emit(code, layer, p, wiring.grad(), this::declarePlanes, rowWidth);
    }
    if (wiring.needsInputGradient()) {
      addInputGradient(code);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), ConvCode.describe(layer, "; channel planes in rows of " + rowWidth), code.build());
  }
}
