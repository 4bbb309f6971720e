package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

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
 * Conv2D with strides 1x1 and narrow outputs, computed over whole planes. An output row is as wide as an input
 * row, so output cell p reads input cells p + ky * W + kx: every inner loop runs over one contiguous plane with
 * the kernel taps unrolled into it, and the few scratch columns past the real width are cropped away. The planes
 * sit at loop-invariant offsets, which C2 (JDK 17) does not vectorise; {@link AlignedConvEmitter} takes over
 * once output rows are wide enough to pay for its per-channel arrays.
 * The input gradient is the same kind of loop: a convolution of the zero-bordered output gradient with the
 * flipped kernel, so no scattered writes remain.
 */
public final class PlanarConvEmitter implements LayerEmitter {
  /** Up to this many taps are unrolled into one loop; larger kernels unroll one kernel row per loop. */
  private static final int MAX_UNROLLED_TAPS = 9;

  private final LayerPlan layer;
  private final Conv2DSpec conv;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape padded;
  private final Shape out;
  private final boolean isPadded;
  private final int rowWidth;
  private final int borderedWidth;
  private final int borderedHeight;

  public PlanarConvEmitter(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.conv = (Conv2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.padded = layer.padded();
    this.out = layer.output();
    this.isPadded = !layer.padding().isZero();
    this.rowWidth = padded.width();
    this.borderedWidth = out.width() + 2 * (conv.kernelWidth() - 1);
    this.borderedHeight = out.height() + 2 * (conv.kernelHeight() - 1);
  }

  private String name(String suffix) {
    return LayerEmitter.member(layer, suffix);
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> buffers = new ArrayList<>();
    if (isPadded) {
      buffers.add(buffer("Padded", padded.size(), "zero-padded input " + padded + "; the border is never written"));
    }
    int staged = out.channels() * out.height() * rowWidth;
    buffers.add(buffer("Staged", staged, "output rows as wide as input rows, before cropping"));
    buffers.add(buffer("Spread", staged, "dLoss/dZ in rows as wide as input rows; extra columns stay zero"));
    buffers.addAll(inputGradientBuffers());
    return buffers;
  }

  /** The buffers of {@link #addInputGradient}, none for a first layer. */
  private List<FieldSpec> inputGradientBuffers() {
    if (!wiring.needsInputGradient()) {
      return List.of();
    }
    return List.of(
        buffer("Border", out.channels() * borderedHeight * borderedWidth,
            "dLoss/dZ inside a zero border of kernel size - 1"),
        buffer("Back", in.channels() * padded.height() * borderedWidth,
            "dLoss/d(padded input) in rows as wide as the bordered gradient's"));
  }

  private FieldSpec buffer(String suffix, int size, String doc) {
    return FieldSpec.builder(p.arrayType(), name(suffix), Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), size)
        .build();
  }

  /** Kernel taps handled by one plane loop: each tap's kernel row and column. */
  private List<List<int[]>> tapGroups() {
    return tapGroups(conv, MAX_UNROLLED_TAPS);
  }

  /** The kernel's taps as {ky, kx} pairs: all in one group up to {@code maxTaps}, else one group per kernel row. */
  static List<List<int[]>> tapGroups(Conv2DSpec conv, int maxTaps) {
    List<List<int[]>> groups = new ArrayList<>();
    boolean whole = conv.kernelHeight() * conv.kernelWidth() <= maxTaps;
    List<int[]> group = new ArrayList<>();
    for (int ky = 0; ky < conv.kernelHeight(); ky++) {
      if (!whole) {
        group = new ArrayList<>();
      }
      for (int kx = 0; kx < conv.kernelWidth(); kx++) {
        group.add(new int[] {ky, kx});
      }
      if (!whole) {
        groups.add(group);
      }
    }
    if (whole) {
      groups.add(group);
    }
    return groups;
  }

  /** The number of plane positions a loop visits: the last kernel width - 1 would read past the plane. */
  private int span(int rows, int width) {
    return rows * width - (conv.kernelWidth() - 1);
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String source = wiring.source();
    if (isPadded) {
      code.add("// Copy each input row into the interior of the zero-bordered buffer.\n");
      code.add(ConvCode.rows(in.channels(), in.height(), source, (c, y) -> sum(0, times(c, in.area()), times(y, in.width())),
          name("Padded"), (c, y) -> ConvCode.paddedRow(layer, c, y), in.width()));
      source = name("Padded");
    }
    int stagedPlane = out.height() * rowWidth;
    Loops.counted(code, "co", out.channels());
    String bias = layer.bias().map(b -> "params[" + Index.at(b, 0, "co") + "]").orElse(p.literal(0));
    code.addStatement("$T.fill($L, co * $L, co * $L + $L, $L)", Arrays.class, name("Staged"), stagedPlane,
        stagedPlane, stagedPlane, bias);
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    for (List<int[]> group : tapGroups()) {
      code.add("{\n").indent();
      declareTaps(code, group, "co", ci);
      code.addStatement("final int s = $L", sum(group.get(0)[0] * rowWidth, times(ci, padded.area())));
      code.addStatement("final int d = co * $L", stagedPlane);
      Loops.counted(code, "i", span(out.height(), rowWidth));
      code.addStatement("$T v = $L[d + i]", p.type(), name("Staged"));
      for (int t = 0; t < group.size(); t++) {
        int offset = group.get(t)[1] + (group.get(t)[0] - group.get(0)[0]) * rowWidth;
        code.addStatement("v = $L", FmaCode.scalar("k" + t, source + "[" + sum(offset, "s", "i") + "]", "v"));
      }
      code.addStatement("$L[d + i] = v", name("Staged"));
      code.endControlFlow();
      code.unindent().add("}\n");
    }
    loops.close(1);
    code.endControlFlow();
    code.add("// Crop the scratch columns.\n");
    code.add(ConvCode.rows(out.channels(), out.height(), name("Staged"), (c, y) -> sum(0, times(c, stagedPlane), times(y, rowWidth)),
        wiring.out(), (c, y) -> sum(0, times(c, out.area()), times(y, out.width())), out.width()));
    code.add(ActivationCode.forward(conv.activation(), p, wiring.out(), out.size()));
    return LayerEmitter.method(LayerEmitter.forwardName(layer), ConvCode.describe(layer, ""), code.build());
  }

  @Override
  public MethodSpec backward() {
    String source = isPadded ? name("Padded") : wiring.source();
    int stagedPlane = out.height() * rowWidth;
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(ActivationCode.backward(conv.activation(), p, wiring.grad(), wiring.out(), out.size()));
    code.add("// Lay dLoss/dZ out in rows as wide as the input's; the extra columns stay zero.\n");
    code.add(ConvCode.rows(out.channels(), out.height(), wiring.grad(), (c, y) -> sum(0, times(c, out.area()), times(y, out.width())),
        name("Spread"), (c, y) -> sum(0, times(c, stagedPlane), times(y, rowWidth)), out.width()));
    code.add("// Parameter gradients accumulate: the trainer zeroes them once per batch.\n");
    Loops.counted(code, "co", out.channels());
    ConvCode.addBiasGradient(code, layer, p, wiring.grad());
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    for (List<int[]> group : tapGroups()) {
      code.add("{\n").indent();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("$T a$L = 0", p.type(), t);
      }
      code.addStatement("final int s = $L", sum(group.get(0)[0] * rowWidth, times(ci, padded.area())));
      code.addStatement("final int d = co * $L", stagedPlane);
      Loops.counted(code, "i", span(out.height(), rowWidth));
      code.addStatement("final $T g = $L[d + i]", p.type(), name("Spread"));
      for (int t = 0; t < group.size(); t++) {
        int offset = group.get(t)[1] + (group.get(t)[0] - group.get(0)[0]) * rowWidth;
        code.addStatement("a$L = $L", t, FmaCode.scalar("g", source + "[" + sum(offset, "s", "i") + "]", "a" + t));
      }
      code.endControlFlow();
      for (int t = 0; t < group.size(); t++) {
        code.addStatement("grads[$L] += a$L", ConvCode.weightIndex(layer, "co", ci, group.get(t)[0], group.get(t)[1]), t);
      }
      code.unindent().add("}\n");
    }
    loops.close(1);
    code.endControlFlow();
    if (wiring.needsInputGradient()) {
      addInputGradient(code);
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), ConvCode.describe(layer, ""), code.build());
  }

  /** Appends the input gradient, read from the (activation-adjusted) output gradient. */
  private void addInputGradient(CodeBlock.Builder code) {
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int borderedPlane = borderedHeight * borderedWidth;
    int backPlane = padded.height() * borderedWidth;
    code.add("// dLoss/dInput is dLoss/dZ, zero-bordered, convolved with the flipped kernel.\n");
    code.add(ConvCode.rows(out.channels(), out.height(), wiring.grad(), (c, y) -> sum(0, times(c, out.area()), times(y, out.width())),
        name("Border"), (c, y) -> sum((kh - 1) * borderedWidth + kw - 1, times(c, borderedPlane), times(y, borderedWidth)),
        out.width()));
    code.addStatement("$T.fill($L, $L)", Arrays.class, name("Back"), p.literal(0));
    Loops loops = new Loops(code);
    String ci = loops.open("ci", in.channels());
    Loops.counted(code, "co", out.channels());
    for (List<int[]> group : tapGroups()) {
      code.add("{\n").indent();
      declareTaps(code, group, "co", ci);
      // Tap (ky, kx) reads the bordered gradient at (y + kh - 1 - ky, x + kw - 1 - kx).
      int firstRow = kh - 1 - group.get(0)[0];
      code.addStatement("final int s = $L", sum(firstRow * borderedWidth, times("co", borderedPlane)));
      code.addStatement("final int d = $L", sum(0, times(ci, backPlane)));
      Loops.counted(code, "i", span(padded.height(), borderedWidth));
      code.addStatement("$T v = $L[d + i]", p.type(), name("Back"));
      for (int t = 0; t < group.size(); t++) {
        int offset = (kw - 1 - group.get(t)[1]) + (group.get(0)[0] - group.get(t)[0]) * borderedWidth;
        code.addStatement("v = $L", FmaCode.scalar("k" + t, name("Border") + "[" + sum(offset, "s", "i") + "]", "v"));
      }
      code.addStatement("$L[d + i] = v", name("Back"));
      code.endControlFlow();
      code.unindent().add("}\n");
    }
    code.endControlFlow();
    loops.close(1);
    var pad = layer.padding();
    code.add("// Add the columns and rows that were input, not padding or scratch, to dLoss/dInput.\n");
    code.add(ConvCode.addRows(in.channels(), in.height(), name("Back"),
        (c, y) -> sum(pad.top() * borderedWidth + pad.left(), times(c, backPlane), times(y, borderedWidth)),
        wiring.sourceGrad(), (c, y) -> sum(0, times(c, in.area()), times(y, in.width())), in.width()));
  }

  private void declareTaps(CodeBlock.Builder code, List<int[]> group, String co, String ci) {
    for (int t = 0; t < group.size(); t++) {
      code.addStatement("final $T k$L = params[$L]", p.type(), t, ConvCode.weightIndex(layer, co, ci, group.get(t)[0], group.get(t)[1]));
    }
  }

}
