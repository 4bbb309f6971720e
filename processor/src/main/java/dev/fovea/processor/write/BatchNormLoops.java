package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fovea.annotations.Activation;

/**
 * Batch norm's passes over one channel of at least {@value #MIN_AREA} cells ({@code base} = its first index):
 * each pass reads the data once, with ReLU folded in (its mask applied as the gradient is read, never written back)
 * and no sum waiting on the one before. A single running sum costs an add's latency per value, several times the
 * loads' time, so the vector backend keeps a vector of partial sums and the portable one {@value #UNROLL}.
 */
final class BatchNormLoops {
  /** Fewer cells per channel (a flat input has one) keep the plain per-cell loop. */
  static final int MIN_AREA = 8;
  private static final int UNROLL = 4;
  private static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

  private final Backend backend;
  private final Precision p;
  private final int area;
  private final boolean relu;
  private final Wiring wiring;
  private final String normalized;

  BatchNormLoops(Backend backend, Precision p, int area, Activation activation, Wiring wiring, String normalized) {
    this.backend = backend;
    this.p = p;
    this.area = area;
    this.relu = activation == Activation.RELU;
    this.wiring = wiring;
    this.normalized = normalized;
  }

  /** Whether backward and backwardSums take ReLU's mask as they read the gradient. */
  boolean foldsRelu() {
    return relu;
  }

  /**
   * Whether the forward pass applies ReLU as it writes the output: the vector backend's does; in the portable one
   * a separate pass of Math.max measured faster (C2 vectorises either loop alone better than the two together).
   */
  boolean foldsReluForward() {
    return relu && backend == Backend.VECTOR;
  }

  private String at(String array, String offset) {
    return array + "[base + i" + offset + "]";
  }

  /**
   * dLoss/dZ of cell base + i + offset: the gradient, masked where ReLU's output is 0. That is where x-hat * gamma
   * + beta, the forward pass's sum in its order, is not above 0: read from x-hat, which the pass loads anyway,
   * rather than from the output, one array less to stream.
   */
  private String dy(String offset) {
    String grad = at(wiring.grad(), offset);
    if (!relu) {
      return grad;
    }
    // A choice between two floats compiles to a branch, mispredicted on half the cells; between two ints, to cmov.
    String bits = p == Precision.FLOAT ? "java.lang.Float.intBitsToFloat(" : "java.lang.Double.longBitsToDouble(";
    String raw = p == Precision.FLOAT ? "java.lang.Float.floatToRawIntBits(" : "java.lang.Double.doubleToRawLongBits(";
    return bits + at(normalized, offset) + " * gamma + beta > 0 ? " + raw + grad + ") : 0)";
  }

  /** With shift, scale, gamma and beta declared: writes x-hat and the output, ReLU included if it folds it. */
  CodeBlock normalize() {
    CodeBlock.Builder code = CodeBlock.builder().addStatement("int i = 0");
    if (backend == Backend.VECTOR) {
      ClassName vector = VectorCode.vector(p);
      code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", area);
      code.addStatement("final $T n = $T.fromArray(SPECIES, $L, base + i).sub(shift).mul(scale)", vector, vector,
          wiring.source());
      code.addStatement("n.intoArray($L, base + i)", normalized);
      code.addStatement("n.mul(gamma).add(beta)$L.intoArray($L, base + i)", relu ? ".max(0)" : "",
          wiring.out());
      code.endControlFlow();
    }
    code.beginControlFlow("for (; i < $L; i++)", area);
    code.addStatement("final $T n = ($L - shift) * scale", p.type(), at(wiring.source(), ""));
    code.addStatement("$L = n", at(normalized, ""));
    boolean max = foldsReluForward();
    code.addStatement(max ? "$L = java.lang.Math.max(n * gamma + beta, $L)" : "$L = n * gamma + beta$L",
        at(wiring.out(), ""), max ? p.literal(0) : "");
    return code.endControlFlow().build();
  }

  /**
   * With gamma, beta, scale, dyMean and dyNormalizedMean declared: declares gammaGrad and betaGrad, this
   * channel's sums of dy * x-hat and dy, and adds the input gradient when the layer has one.
   */
  CodeBlock gradient() {
    CodeBlock.Builder code = CodeBlock.builder().addStatement("int i = 0");
    if (backend == Backend.VECTOR) {
      ClassName vector = VectorCode.vector(p);
      code.addStatement("$T gammaLanes = $T.zero(SPECIES)", vector, vector);
      code.addStatement("$T betaLanes = $T.zero(SPECIES)", vector, vector);
      code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", area);
      code.addStatement("final $T n = $T.fromArray(SPECIES, $L, base + i)", vector, vector, normalized);
      code.addStatement("$T dy = $T.fromArray(SPECIES, $L, base + i)", vector, vector, wiring.grad());
      if (relu) {
        code.addStatement("dy = $T.zero(SPECIES).blend(dy, n.mul(gamma).add(beta).compare($T.GT, 0))", vector,
            OPERATORS);
      }
      code.addStatement("gammaLanes = gammaLanes.add(dy.mul(n))");
      code.addStatement("betaLanes = betaLanes.add(dy)");
      if (wiring.needsInputGradient()) {
        code.addStatement("$T.fromArray(SPECIES, $L, base + i).add(dy.sub(dyMean).sub(n.mul(dyNormalizedMean))"
            + ".mul(scale)).intoArray($L, base + i)", vector, wiring.sourceGrad(), wiring.sourceGrad());
      }
      code.endControlFlow();
      code.addStatement("$T gammaGrad = sumLanes(gammaLanes)", p.type());
      code.addStatement("$T betaGrad = sumLanes(betaLanes)", p.type());
      code.beginControlFlow("for (; i < $L; i++)", area);
      gradientCell(code, "", "gammaGrad", "betaGrad");
      return code.endControlFlow().build();
    }
    for (int j = 0; j < UNROLL; j++) {
      code.addStatement("$T gamma$L = 0", p.type(), j);
      code.addStatement("$T beta$L = 0", p.type(), j);
    }
    code.beginControlFlow("for (; i < $L; i += $L)", area / UNROLL * UNROLL, UNROLL);
    for (int j = 0; j < UNROLL; j++) {
      code.add("{\n$>");
      gradientCell(code, j == 0 ? "" : " + " + j, "gamma" + j, "beta" + j);
      code.add("$<}\n");
    }
    code.endControlFlow();
    if (area % UNROLL != 0) {
      code.beginControlFlow("for (; i < $L; i++)", area);
      gradientCell(code, "", "gamma0", "beta0");
      code.endControlFlow();
    }
    code.addStatement("final $T gammaGrad = (gamma0 + gamma1) + (gamma2 + gamma3)", p.type());
    code.addStatement("final $T betaGrad = (beta0 + beta1) + (beta2 + beta3)", p.type());
    return code.build();
  }

  private void gradientCell(CodeBlock.Builder code, String offset, String gamma, String beta) {
    code.addStatement("final $T dy = $L", p.type(), dy(offset));
    code.addStatement("$L += dy * $L", gamma, at(normalized, offset));
    code.addStatement("$L += dy", beta);
    if (wiring.needsInputGradient()) {
      code.addStatement("$L += scale * (dy - dyMean - $L * dyNormalizedMean)", at(wiring.sourceGrad(), offset),
          at(normalized, offset));
    }
  }

  /**
   * With gamma and beta declared (backward): adds to sums[c] the channel's sum of the input (forward) or of dy
   * (backward), and to sums[channels + c] that of its squares (forward) or of dy * x-hat (backward), in double: a
   * variance from the sums of squares loses the digits the two terms share.
   */
  CodeBlock sums(boolean backward, int channels) {
    CodeBlock.Builder code = CodeBlock.builder().addStatement("int i = 0");
    for (int j = 0; j < UNROLL; j++) {
      code.addStatement("double s$L = 0", j);
      code.addStatement("double q$L = 0", j);
    }
    code.beginControlFlow("for (; i < $L; i += $L)", area / UNROLL * UNROLL, UNROLL);
    for (int j = 0; j < UNROLL; j++) {
      sumsCell(code, backward, j == 0 ? "" : " + " + j, j);
    }
    code.endControlFlow();
    if (area % UNROLL != 0) {
      code.beginControlFlow("for (; i < $L; i++)", area);
      sumsCell(code, backward, "", 0);
      code.endControlFlow();
    }
    code.addStatement("sums[c] += (s0 + s1) + (s2 + s3)");
    code.addStatement("sums[$L] += (q0 + q1) + (q2 + q3)", Index.sum(channels, "c"));
    return code.build();
  }

  private void sumsCell(CodeBlock.Builder code, boolean backward, String offset, int j) {
    code.add("{\n$>");
    code.addStatement("final double v = $L", backward ? dy(offset) : at(wiring.source(), offset));
    code.addStatement("s$L += v", j);
    code.addStatement("q$L += v * $L", j, backward ? at(normalized, offset) : "v");
    code.add("$<}\n");
  }
}
