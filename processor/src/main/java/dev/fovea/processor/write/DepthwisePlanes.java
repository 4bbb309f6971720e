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
import java.util.List;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * A depthwise convolution at unit strides over whole planes. Output cell (y, x) and its tap (ky, kx) read padded
 * cell (y + ky, x + kx), so on "wide" rows as long as the padded ones, wide cell j = y * W + x reads padded cell
 * j + ky * W + kx: one loop over j per channel, its index the cell plus a constant per tap, with the taps'
 * weights hoisted. The wide rows' last kw - 1 cells are waste, dropped when the rows are copied out. Backward,
 * dLoss/d(wide cell) sits in a buffer with zeros around it (and at the waste cells), so the input gradient is a
 * gather, dP[m] = sum over taps of k * dM[m - offset], and the weight gradient a dot product of dM with the shifted
 * plane. The vector backend writes all three with the Vector API; the portable one as scalar loops, which JDK 17's
 * C2 does not vectorise (a store and loads at different offsets of two float arrays it cannot tell apart).
 */
final class DepthwisePlanes {
  /** Up to this many taps are unrolled into one expression per cell; larger kernels loop over taps. */
  static final int MAX_UNROLLED_TAPS = 49;

  /** Taps per block of the vector weight gradient: a 3x3 kernel's, nine accumulators and a few more registers. */
  static final int TAP_BLOCK = 9;

  private final LayerPlan layer;
  private final DepthwiseKind.Spec conv;
  private final Precision p;
  private final boolean vector;
  private final int depth;
  private final Shape padded;
  private final Shape out;
  private final int taps;
  private final int wideLength;
  private final int margin;
  private final ParamPlan weights;
  private final String source;
  /** Channel o's bias, the depthwise output's starting value; null for none. */
  private final String start;

  /** For channels of depth, reading the (padded) input from source. */
  DepthwisePlanes(LayerPlan layer, DepthwiseKind.Spec conv, Precision precision, Backend backend, int depth,
      String source) {
    this.source = source;
    this.layer = layer;
    this.conv = conv;
    this.p = precision;
    this.vector = backend == Backend.VECTOR;
    this.depth = depth;
    this.padded = layer.padded();
    this.out = layer.output();
    this.taps = conv.kernelHeight() * conv.kernelWidth();
    this.wideLength = (out.height() - 1) * padded.width() + out.width();
    this.margin = offset(taps - 1);
    this.weights = layer.params().get(0);
    this.start = conv.separable() || !conv.bias() ? null
        : "params[" + Index.at(layer.params().get(layer.params().size() - 1), 0, "o") + "]";
  }

  /** Whether this layer's strides let the planes be walked as wide rows. */
  static boolean suits(DepthwiseKind.Spec conv) {
    return conv.strideHeight() == 1 && conv.strideWidth() == 1;
  }

  /** Tap t's offset in the padded plane from the cell it computes. */
  private int offset(int t) {
    return t / conv.kernelWidth() * padded.width() + t % conv.kernelWidth();
  }

  private String name(String what) {
    return LayerEmitter.member(layer, what);
  }

  List<FieldSpec> buffers(boolean backward) {
    List<FieldSpec> fields = new ArrayList<>();
    fields.add(buffer(name("Wide"), "one channel's output on rows of " + padded.width() + " cells", wideLength));
    if (backward) {
      fields.add(buffer(name("WideDelta"), "one channel's dLoss/d(output) on rows of " + padded.width() + " cells, "
          + "from " + margin + "; zero elsewhere", margin + padded.area()));
    }
    return fields;
  }

  private FieldSpec buffer(String name, String doc, int size) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), size)
        .build();
  }

  /** Declares k0, k1... the taps of channel o's kernel. */
  private void hoistWeights(CodeBlock.Builder code) {
    code.addStatement("final int w = $L", Index.at(weights, 0, times("o", taps)));
    for (int t = 0; t < taps; t++) {
      code.addStatement("final $T k$L = params[$L]", p.type(), t, sum(t, "w"));
    }
  }

  private String channelStart() {
    return times(conv.multiplier() == 1 ? "o" : "(o / " + conv.multiplier() + ")", padded.area());
  }

  /**
   * Writes the depthwise output of every channel o into {@code middle} (rows of {@code row} values per channel),
   * starting from the channel's bias if it has one.
   */
  CodeBlock forward(String middle, int row) {
    boolean helper = vector && taps <= MAX_UNROLLED_TAPS;
    CodeBlock.Builder code = CodeBlock.builder().add("{\n").indent();
    if (!helper) {
      code.addStatement("final $T src = $L", p.arrayType(), source);
    }
    code.addStatement("final $T wide = $L", p.arrayType(), name("Wide"));
    Loops.counted(code, "o", depth);
    code.addStatement("final int s = $L", channelStart());
    if (helper) {
      code.addStatement("$L(o, s)", name("DepthwisePlane"));
    } else {
      if (start != null) {
        code.addStatement("final $T b = $L", p.type(), start);
      }
      addScalarPlane(code);
    }
    code.add("// Keep each wide row's first $L cells.\n", out.width());
    Loops.counted(code, "y", out.height());
    code.addStatement("$T.arraycopy(wide, $L, $L, $L, $L)", System.class, times("y", padded.width()), middle,
        sum(0, times("o", row), times("y", out.width())), out.width());
    LayerEmitter.close(code, 2);
    return code.unindent().add("}\n").build();
  }

  /** Channel o's wide rows as scalar loops: all taps in one expression, or past the unrolled ones a loop each. */
  private void addScalarPlane(CodeBlock.Builder code) {
    if (taps <= MAX_UNROLLED_TAPS) {
      hoistWeights(code);
      StringBuilder terms = new StringBuilder(start == null ? "" : "b + ");
      for (int t = 0; t < taps; t++) {
        terms.append(t == 0 ? "" : " + ").append("k").append(t).append(" * src[").append(sum(offset(t), "s", "j"))
            .append("]");
      }
      Loops.counted(code, "j", wideLength);
      code.addStatement("wide[j] = $L", terms);
      code.endControlFlow();
      return;
    }
    code.addStatement("$T.fill(wide, $L)", java.util.Arrays.class, start == null ? p.literal(0) : "b");
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.addStatement("final $T k = params[$L]", p.type(), Index.at(weights, 0, times("o", taps), "t"));
    code.addStatement("final int from = s + t / $L * $L + t % $L", conv.kernelWidth(), padded.width(),
        conv.kernelWidth());
    Loops.counted(code, "j", wideLength);
    code.addStatement("wide[j] += k * src[from + j]");
    LayerEmitter.close(code, 2);
  }

  /**
   * The depthwise weight gradient from dLoss/d(output) in {@code middleGrad} (rows of {@code row}), and when
   * {@code target} is not null, adds dLoss/d(padded input) to it, a plane of the padded shape per input channel.
   */
  CodeBlock backward(String middleGrad, int row, String target) {
    CodeBlock.Builder code = CodeBlock.builder().add("{\n").indent();
    if (!vector) {
      code.addStatement("final $T src = $L", p.arrayType(), source);
    }
    code.addStatement("final $T wd = $L", p.arrayType(), name("WideDelta"));
    Loops.counted(code, "o", depth);
    code.addStatement("final int s = $L", channelStart());
    code.add("// dLoss/d(output) onto wide rows; the waste cells stay zero.\n");
    Loops.counted(code, "y", out.height());
    code.addStatement("$T.arraycopy($L, $L, wd, $L, $L)", System.class, middleGrad,
        sum(0, times("o", row), times("y", out.width())), sum(margin, times("y", padded.width())), out.width());
    code.endControlFlow();
    if (vector) {
      code.addStatement("$L(o, s)", name("DepthwiseTaps"));
    } else {
      portableWeightGradient(code);
    }
    if (target != null) {
      addInputGradient(code, target);
    }
    code.endControlFlow();
    return code.unindent().add("}\n").build();
  }

  /** grads[tap] += the dot product of dLoss/d(wide output) with the plane shifted by the tap's offset. */
  private void portableWeightGradient(CodeBlock.Builder code) {
    if (taps > MAX_UNROLLED_TAPS) {
      code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
      code.addStatement("final int from = s + t / $L * $L + t % $L", conv.kernelWidth(), padded.width(),
          conv.kernelWidth());
      code.addStatement("$T a = 0", p.type());
      Loops.counted(code, "j", wideLength);
      code.addStatement("a += wd[$L] * src[from + j]", sum(margin, "j"));
      code.endControlFlow();
      code.addStatement("grads[$L] += a", Index.at(weights, 0, times("o", taps), "t"));
      code.endControlFlow();
      return;
    }
    code.add("{\n").indent();
    for (int t = 0; t < taps; t++) {
      code.addStatement("$T a$L = 0", p.type(), t);
    }
    Loops.counted(code, "j", wideLength);
    code.addStatement("final $T g = wd[$L]", p.type(), sum(margin, "j"));
    for (int t = 0; t < taps; t++) {
      code.addStatement("a$L += g * src[$L]", t, sum(offset(t), "s", "j"));
    }
    code.endControlFlow();
    code.addStatement("final int w = $L", Index.at(weights, 0, times("o", taps)));
    for (int t = 0; t < taps; t++) {
      code.addStatement("grads[$L] += a$L", sum(t, "w"), t);
    }
    code.unindent().add("}\n");
  }

  /** dP[m] += sum over taps of k * dM[m - offset]: the zeros around dM stand for the cells no tap reached. */
  private void addInputGradient(CodeBlock.Builder code, String target) {
    code.add("// dLoss/d(padded input): per cell, what every tap took from it.\n");
    if (vector && taps <= MAX_UNROLLED_TAPS) {
      code.addStatement("$L($L, o, s)", name("DepthwiseInput"), target);
      return;
    }
    if (taps <= MAX_UNROLLED_TAPS) {
      hoistWeights(code);
      StringBuilder terms = new StringBuilder();
      for (int t = 0; t < taps; t++) {
        terms.append(" + k").append(t).append(" * wd[").append(sum(margin - offset(t), "m")).append("]");
      }
      Loops.counted(code, "m", padded.area());
      code.addStatement("$L[s + m] = $L[s + m]$L", target, target, terms);
      code.endControlFlow();
      return;
    }
    code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
    code.addStatement("final $T k = params[$L]", p.type(), Index.at(weights, 0, times("o", taps), "t"));
    code.addStatement("final int from = $L - t / $L * $L - t % $L", margin, conv.kernelWidth(), padded.width(),
        conv.kernelWidth());
    Loops.counted(code, "m", padded.area());
    code.addStatement("$L[s + m] += k * wd[from + m]", target);
    LayerEmitter.close(code, 2);
  }

  /**
   * The vector backend's weight gradient of channel o (plane start s), a method of its own so that C2 keeps its
   * vectors in registers: up to {@value #TAP_BLOCK} taps at a time, one vector accumulator each.
   */
  List<MethodSpec> helpers() {
    if (!vector) {
      return List.of();
    }
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T src = $L", p.arrayType(), source);
    code.addStatement("final $T wd = $L", p.arrayType(), name("WideDelta"));
    code.addStatement("final int w = $L", Index.at(weights, 0, times("o", taps)));
    if (taps <= MAX_UNROLLED_TAPS) {
      for (int t = 0; t < taps; t += TAP_BLOCK) {
        tapBlock(code, t, Math.min(TAP_BLOCK, taps - t));
      }
    } else {
      code.beginControlFlow("for (int t = 0; t < $L; t++)", taps);
      code.addStatement("final int from = s + t / $L * $L + t % $L", conv.kernelWidth(), padded.width(),
          conv.kernelWidth());
      dotProduct(code, 1, i -> "from", i -> "grads[w + t]");
      code.endControlFlow();
    }
    List<MethodSpec> methods = new ArrayList<>();
    if (taps <= MAX_UNROLLED_TAPS) {
      methods.add(planeMethod());
      methods.add(inputMethod());
    }
    methods.add(MethodSpec.methodBuilder(name("DepthwiseTaps"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: the depthwise weight gradient of channel o, whose input plane starts at s.\n", layer.name())
        .addParameter(int.class, "o", Modifier.FINAL)
        .addParameter(int.class, "s", Modifier.FINAL)
        .addCode(code.build())
        .build());
    return methods;
  }

  /** Channel o's wide rows, a vector of cells at a time: the taps' products fused into one accumulator. */
  private MethodSpec planeMethod() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T src = $L", p.arrayType(), source);
    code.addStatement("final $T wide = $L", p.arrayType(), name("Wide"));
    if (start != null) {
      code.addStatement("final $T b = $L", p.type(), start);
    }
    hoistWeights(code);
    tapLoop(code, wideLength, start == null ? null : "b", t -> "src, " + sum(offset(t), "s", "j"), "wide, j");
    return MethodSpec.methodBuilder(name("DepthwisePlane"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: channel o's depthwise output on wide rows, from the input plane at s.\n", layer.name())
        .addParameter(int.class, "o", Modifier.FINAL)
        .addParameter(int.class, "s", Modifier.FINAL)
        .addCode(code.build())
        .build();
  }

  /** Adds channel o's share of dLoss/d(padded input) to the plane of target at s, a vector of cells at a time. */
  private MethodSpec inputMethod() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T wd = $L", p.arrayType(), name("WideDelta"));
    hoistWeights(code);
    tapLoop(code, padded.area(), "", t -> "wd, " + sum(margin - offset(t), "j"), "target, s + j");
    return MethodSpec.methodBuilder(name("DepthwiseInput"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: adds channel o's dLoss/d(padded input) to target's plane at s.\n", layer.name())
        .addParameter(p.arrayType(), "target", Modifier.FINAL)
        .addParameter(int.class, "o", Modifier.FINAL)
        .addParameter(int.class, "s", Modifier.FINAL)
        .addCode(code.build())
        .build();
  }

  /**
   * For j below length: {@code to[j] = first + k0 * x0[j] + k1 * x1[j]...} over the taps, where first is a scalar,
   * null for none, or "" for to's own value; a vector at a time, then a scalar tail.
   */
  private void tapLoop(CodeBlock.Builder code, int length, String first, IntFunction<String> from, String to) {
    var type = VectorCode.vector(p);
    String[] target = to.split(", ");
    for (int t = 0; t < taps; t++) {
      code.addStatement("final $T v$L = $T.broadcast(SPECIES, k$L)", type, t, type, t);
    }
    code.addStatement("int j = 0");
    code.beginControlFlow("for (; j < SPECIES.loopBound($L); j += LANES)", length);
    if (first == null) {
      code.addStatement("$T a = $T.zero(SPECIES)", type, type);
    } else if (first.isEmpty()) {
      code.addStatement("$T a = $T.fromArray(SPECIES, $L)", type, type, to);
    } else {
      code.addStatement("$T a = $T.broadcast(SPECIES, $L)", type, type, first);
    }
    StringBuilder terms = new StringBuilder(first == null ? "" : first.isEmpty()
        ? target[0] + "[" + target[1] + "]" : first);
    for (int t = 0; t < taps; t++) {
      code.addStatement("a = $L", FmaCode.vector(CodeBlock.of("$T.fromArray(SPECIES, $L)", type, from.apply(t)),
          "v" + t, "a"));
      String[] at = from.apply(t).split(", ");
      terms.append(terms.length() == 0 ? "" : " + ").append("k").append(t).append(" * ").append(at[0]).append("[")
          .append(at[1]).append("]");
    }
    code.addStatement("a.intoArray($L)", to);
    code.endControlFlow();
    code.beginControlFlow("for (; j < $L; j++)", length);
    code.addStatement("$L[$L] = $L", target[0], target[1], terms);
    code.endControlFlow();
  }

  /** Taps first .. first + n - 1. */
  private void tapBlock(CodeBlock.Builder code, int first, int n) {
    dotProduct(code, n, i -> sum(offset(first + i), "s"), i -> "grads[" + sum(first + i, "w") + "]");
  }

  /** Adds to target(i), for i below n, the dot product of dLoss/d(wide output) with src from start(i). */
  private void dotProduct(CodeBlock.Builder code, int n, IntFunction<String> start, IntFunction<String> target) {
    var type = VectorCode.vector(p);
    code.add("{\n").indent();
    for (int i = 0; i < n; i++) {
      code.addStatement("$T a$L = $T.zero(SPECIES)", type, i, type);
    }
    code.addStatement("int j = 0");
    code.beginControlFlow("for (; j < SPECIES.loopBound($L); j += LANES)", wideLength);
    code.addStatement("final $T g = $T.fromArray(SPECIES, wd, $L)", type, type, sum(margin, "j"));
    for (int i = 0; i < n; i++) {
      code.addStatement("final $T x$L = $T.fromArray(SPECIES, src, $L)", type, i, type, sum(0, start.apply(i), "j"));
      code.addStatement("a$L = $L", i, FmaCode.vector("x" + i, "g", "a" + i));
    }
    code.endControlFlow();
    for (int i = 0; i < n; i++) {
      code.addStatement("$T b$L = sumLanes(a$L)", p.type(), i, i);
    }
    code.beginControlFlow("for (; j < $L; j++)", wideLength);
    code.addStatement("final $T g = wd[$L]", p.type(), sum(margin, "j"));
    for (int i = 0; i < n; i++) {
      code.addStatement("b$L += g * src[$L]", i, sum(0, start.apply(i), "j"));
    }
    code.endControlFlow();
    for (int i = 0; i < n; i++) {
      code.addStatement("$L += b$L", target.apply(i), i);
    }
    code.unindent().add("}\n");
  }
}
