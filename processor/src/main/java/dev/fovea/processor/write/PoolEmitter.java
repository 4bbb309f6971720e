package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * Max and average pooling per channel. Max pooling's training forward pass records the winning input index of
 * every output cell, so the backward pass routes each gradient to exactly that cell (the first maximum on ties);
 * the inference pass records none, and a backward pass after it finds the winners itself.
 */
public final class PoolEmitter implements LayerEmitter {
  /** A window's maximum is written as one expression of its rows, then of its columns, up to this many each. */
  private static final int MAX_TERMS = 4;

  private final LayerPlan layer;
  private final Pool2DSpec pool;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;
  private final Shape out;
  private final boolean pairWindows;

  public PoolEmitter(LayerPlan layer, Precision precision, Wiring wiring, Backend backend) {
    this.layer = layer;
    this.pool = (Pool2DSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
    this.out = layer.output();
    this.pairWindows = PairWindows.fits(pool, precision, backend);
  }

  private boolean isMax() {
    return pool.kind() == PoolKind.MAX;
  }

  /** Max pooling that passes a gradient back keeps its windows' winners. */
  private boolean keepsWinners() {
    return isMax() && wiring.needsInputGradient();
  }

  private String argmaxName() {
    return LayerEmitter.member(layer, "Argmax");
  }

  private int windowArea() {
    return pool.windowHeight() * pool.windowWidth();
  }

  /** Whether the maxima alone go down a window's rows first (see {@link #maxima()}). */
  private boolean rowsThenColumns() {
    return isMax() && pool.windowHeight() <= MAX_TERMS && pool.windowWidth() <= MAX_TERMS;
  }

  /** The buffer of the maxima or sums down each window's rows. */
  private String rowsName() {
    return LayerEmitter.member(layer, isMax() ? "RowMax" : "RowSum");
  }

  /** The input columns an output row reads. */
  private int columnsRead() {
    return (out.width() - 1) * pool.strideWidth() + pool.windowWidth();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    List<FieldSpec> buffers = new ArrayList<>();
    if (keepsWinners()) {
      buffers.add(argmaxBuffer(layer, "output cell"));
    }
    if (pairWindows || rowsThenColumns()) {
      String what = isMax() ? "maximum" : "sum";
      buffers.add(FieldSpec.builder(p.arrayType(), rowsName(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L: the $L down $L output row's windows at each input column.\n", layer.name(), what,
              pairWindows ? "every" : "one")
          .initializer("new $T[$L]", p.type(), pairWindows ? PairWindows.rowsSize(out) : columnsRead())
          .build());
    }
    return buffers;
  }

  /** Max pooling's record of where each output's maximum came from, an index into the input per output value. */
  static FieldSpec argmaxBuffer(LayerPlan layer, String each) {
    return FieldSpec.builder(ArrayTypeName.of(TypeName.INT), LayerEmitter.member(layer, "Argmax"), Modifier.PRIVATE,
            Modifier.FINAL)
        .addJavadoc("$L: index into the input of each $L's maximum.\n", layer.name(), each)
        .initializer("new int[$L]", layer.output().size())
        .build();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + "; window " + pool.windowHeight() + "x" + pool.windowWidth()
        + ", strides " + pool.strideHeight() + "x" + pool.strideWidth() + ".\n";
  }

  /** Opens c, oy, ox and defines o (output index) and base (input index of the window's corner). */
  private void openOutputLoops(CodeBlock.Builder code, Loops loops) {
    code.addStatement("int o = 0");
    String c = loops.open("c", out.channels());
    Loops.counted(code, "oy", out.height());
    code.beginControlFlow("for (int ox = 0; ox < $L; ox++, o++)", out.width());
    code.addStatement("final int base = $L", sum(0, times(c, in.area()),
        times("oy", pool.strideHeight() * in.width()), times("ox", pool.strideWidth())));
  }

  /** Closes ox, oy and c. */
  private static void closeOutputLoops(CodeBlock.Builder code, Loops loops) {
    LayerEmitter.close(code, 2);
    loops.close(1);
  }

  private void openWindowLoops(CodeBlock.Builder code, Loops loops) {
    String ky = loops.open("ky", pool.windowHeight());
    String kx = loops.open("kx", pool.windowWidth());
    code.addStatement("final int at = $L", sum(0, "base", times(ky, in.width()), kx));
  }

  /** Every window's maximum, its winner or both. */
  private CodeBlock maxWindows(MaxWindow.Record record) {
    CodeBlock.Builder code = CodeBlock.builder();
    String src = wiring.source();
    Loops loops = new Loops(code);
    openOutputLoops(code, loops);
    MaxWindow.open(code, p, src, "base", record);
    openWindowLoops(code, loops);
    MaxWindow.take(code, p, src, "at", record);
    loops.close(2);
    MaxWindow.store(code, wiring.out(), argmaxName(), "o", record);
    closeOutputLoops(code, loops);
    return code.build();
  }

  /**
   * The maxima alone, an output row at a time: the maximum down the window's rows at every input column, a loop
   * C2 vectorises, then across each window's columns. Math.max gives the same bits in any order (but for which
   * NaN), so these are the bits of {@link #maxWindows}.
   */
  private CodeBlock maxima() {
    CodeBlock.Builder code = CodeBlock.builder();
    String src = wiring.source();
    String rows = rowsName();
    int w = in.width();
    Loops.counted(code, "c", out.channels());
    Loops.counted(code, "oy", out.height());
    code.addStatement("final int top = $L", sum(0, times("c", in.area()), times("oy", pool.strideHeight() * w)));
    code.addStatement("final int o = $L", sum(0, times("c", out.area()), times("oy", out.width())));
    Loops.counted(code, "x", columnsRead());
    code.addStatement("$L[x] = $L", rows,
        maxOf(pool.windowHeight(), ky -> src + "[" + sum(ky * w, "top", "x") + "]"));
    code.endControlFlow();
    Loops.counted(code, "ox", out.width());
    code.addStatement("$L[o + ox] = $L", wiring.out(),
        maxOf(pool.windowWidth(), kx -> rows + "[" + sum(kx, times("ox", pool.strideWidth())) + "]"));
    LayerEmitter.close(code, 3);
    return code.build();
  }

  /** {@code Math.max(Math.max(t0, t1), t2)...} over the terms 0..count-1. */
  private static String maxOf(int count, IntFunction<String> term) {
    String result = term.apply(0);
    for (int i = 1; i < count; i++) {
      result = "java.lang.Math.max(" + result + ", " + term.apply(i) + ")";
    }
    return result;
  }

  @Override
  public Optional<MethodSpec> trainingForward() {
    return MaxWindow.trainingForward(layer, keepsWinners(), describe(), this::maxWindows);
  }

  @Override
  public MethodSpec forward() {
    if (pairWindows) {
      return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(),
          new PairWindows(isMax(), in, out, wiring.source(), wiring.out(), rowsName()).code());
    }
    if (rowsThenColumns()) {
      return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), maxima());
    }
    if (isMax()) {
      return MaxWindow.forward(layer, describe(), this::maxWindows);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    String src = wiring.source();
    Loops loops = new Loops(code);
    openOutputLoops(code, loops);
    code.addStatement("$T acc = 0", p.type());
    openWindowLoops(code, loops);
    code.addStatement("acc += $L[at]", src);
    loops.close(2);
    code.addStatement("$L[o] = acc / $L", wiring.out(), p.literal(windowArea()));
    closeOutputLoops(code, loops);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// The first layer has no parameters and nothing before it needs a gradient.\n");
    } else {
      String target = wiring.sourceGrad();
      code.add("// dLoss/dInput: each output cell adds its gradient to the cells it read (backward() zeroed it).\n");
      if (isMax()) {
        MaxWindow.findWinnersAfterInference(code, this::maxWindows);
        Loops.counted(code, "o", out.size());
        code.addStatement("$L[$L[o]] += $L[o]", target, argmaxName(), wiring.grad());
        code.endControlFlow();
      } else {
        Loops loops = new Loops(code);
        openOutputLoops(code, loops);
        code.addStatement("final $T share = $L[o] / $L", p.type(), wiring.grad(), p.literal(windowArea()));
        openWindowLoops(code, loops);
        code.addStatement("$L[at] += share", target);
        loops.close(2);
        closeOutputLoops(code, loops);
      }
    }
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
