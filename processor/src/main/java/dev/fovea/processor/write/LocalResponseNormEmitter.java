package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.LocalResponseNormKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Local response normalisation: {@code y = x * d^-beta} with {@code d = k + alpha / size * (sum of x^2 over the
 * channel window)}. Forward keeps d and d^-beta per value; backward adds {@code g d^-beta} for the value itself and,
 * through every window the value sits in, {@code -2 alpha beta / size * x * sum(g x d^(-beta-1))}.
 */
public final class LocalResponseNormEmitter implements LayerEmitter {
  private final LayerPlan layer;
  private final LocalResponseNormKind.Spec lrn;
  private final Precision p;
  private final Wiring wiring;
  private final Shape in;

  public LocalResponseNormEmitter(LayerPlan layer, LocalResponseNormKind.Spec lrn, Precision precision,
      Wiring wiring) {
    this.layer = layer;
    this.lrn = lrn;
    this.p = precision;
    this.wiring = wiring;
    this.in = layer.input();
  }

  private String normName() {
    return LayerEmitter.member(layer, "Norm");
  }

  private String scaleName() {
    return LayerEmitter.member(layer, "Scale");
  }

  private String spreadName() {
    return LayerEmitter.member(layer, "Spread");
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    FieldSpec norm = buffer(normName(), "the divisor's base d = k + alpha / size * (window's sum of squares)");
    FieldSpec scale = buffer(scaleName(), "d^-beta, the factor each value is multiplied by");
    if (!wiring.needsInputGradient()) {
      return List.of(norm, scale);
    }
    return List.of(norm, scale, buffer(spreadName(), "g x d^(-beta-1) per value, summed over windows in backward"));
  }

  private FieldSpec buffer(String name, String doc) {
    return FieldSpec.builder(p.arrayType(), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: $L.\n", layer.name(), doc)
        .initializer("new $L[$L]", p.type(), in.size())
        .build();
  }

  private String describe() {
    return LayerEmitter.describe(layer) + "; size " + lrn.size() + ", alpha " + lrn.alpha() + ", beta "
        + lrn.beta() + ", k " + lrn.k() + ".\n";
  }

  /** Opens the loops over channels c and cells i of a plane, with the window's channels lo..hi clipped to 0..C-1. */
  private void openWindow(CodeBlock.Builder code, int below, int above) {
    Loops.counted(code, "c", in.channels());
    code.addStatement("final int lo = $T.max(0, c - $L)", Math.class, below);
    code.addStatement("final int hi = $T.min($L, c + $L)", Math.class, in.channels() - 1, above);
    Loops.counted(code, "i", in.area());
    code.addStatement("final int at = c * $L + i", in.area());
  }

  @Override
  public MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String x = wiring.source();
    openWindow(code, lrn.before(), lrn.after());
    code.addStatement("$T squares = 0", p.type());
    code.beginControlFlow("for (int d = lo; d <= hi; d++)");
    code.addStatement("final $T v = $L[d * $L + i]", p.type(), x, in.area());
    code.addStatement("squares += v * v");
    code.endControlFlow();
    code.addStatement("final $T norm = $L + $L * squares", p.type(), p.number(lrn.k()),
        p.number(lrn.alpha() / lrn.size()));
    code.addStatement("$L[at] = norm", normName());
    code.addStatement("final $T scale = $L$T.pow(norm, $L)", p.type(), p.narrow(), Math.class, -lrn.beta());
    code.addStatement("$L[at] = scale", scaleName());
    code.addStatement("$L[at] = $L[at] * scale", wiring.out(), x);
    LayerEmitter.close(code, 2);
    return LayerEmitter.method(LayerEmitter.forwardName(layer), describe(), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (!wiring.needsInputGradient()) {
      code.add("// It reads the network's input, which needs no gradient.\n");
      return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
    }
    String x = wiring.source();
    String g = wiring.grad();
    Loops.counted(code, "i", in.size());
    code.addStatement("$L[i] = $L[i] * $L[i] * $L[i] / $L[i]", spreadName(), g, x, scaleName(), normName());
    code.endControlFlow();
    code.add("// Value j sits in the windows of channels j - $L .. j + $L; backward() zeroed dLoss/dInput.\n",
        lrn.after(), lrn.before());
    openWindow(code, lrn.after(), lrn.before());
    code.addStatement("$T spread = 0", p.type());
    code.beginControlFlow("for (int d = lo; d <= hi; d++)");
    code.addStatement("spread += $L[d * $L + i]", spreadName(), in.area());
    code.endControlFlow();
    code.addStatement("$L[at] += $L[at] * $L[at] - $L * $L[at] * spread", wiring.sourceGrad(), g, scaleName(),
        p.number(2 * lrn.alpha() * lrn.beta() / lrn.size()), x);
    LayerEmitter.close(code, 2);
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe(), code.build());
  }
}
