package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;

/**
 * A portable dense layer over the rows of a micro-batch, as matrix-matrix products: the forward pass keeps a block
 * of units by a block of samples in registers, so each weight row is read once per block of samples; the weight
 * gradient adds a block of samples' shares to each element in sample order ({@code grads[j] + g0 * x0[i] + g1 *
 * x1[i]}, Java's left-to-right sum: the bits of {@code grads[j] += g * x[i]} run sample after sample), and the
 * input gradient reads each weight once per block. Every row gets the bits of {@link DenseEmitter}'s methods.
 */
final class DenseBatch {
  /**
   * Units by samples of one forward pass: 16 independent sums. A 784-256-128-10 MLP's forward of 32 samples took
   * 1.91 ms against the siblings' 2.43 ms at 4 x 4, 2.13 ms at 2 x 4, and 3.42 ms (slower) at 2 x 2 (load 6-9,
   * the same minutes).
   */
  private static final int UNITS_PER_PASS = 4;
  private static final int SAMPLES_PER_PASS = 4;
  /** Samples whose gradient shares one read and write of a gradient element adds. */
  private static final int SAMPLES_PER_GRADIENT = 4;

  private final LayerPlan layer;
  private final DenseSpec dense;
  private final Precision p;
  private final Wiring wiring;
  private final int inputs;
  private final int units;
  private final ParamPlan weights;

  DenseBatch(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.dense = (DenseSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.inputs = layer.input().size();
    this.units = dense.units();
    this.weights = layer.weight().orElseThrow();
  }

  LayerEmitter.BatchForms forms(ClassName self) {
    String doc = DenseEmitter.describe(layer, "; over the rows of a micro-batch");
    return new LayerEmitter.BatchForms(
        BatchRows.method(self, LayerEmitter.batchForwardName(layer), doc, forward()),
        BatchRows.method(self, LayerEmitter.batchBackwardName(layer), doc, backward()));
  }

  private CodeBlock forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T params = rows[0].params", p.arrayType());
    BatchRows.blocks(code, SAMPLES_PER_PASS, samples -> {
      BatchRows.locals(code, p, "x", wiring.source(), samples);
      BatchRows.locals(code, p, "y", wiring.out(), samples);
      BatchRows.unitPasses(code, units, UNITS_PER_PASS, count -> addUnits(code, count, samples));
      for (int s = 0; s < samples; s++) {
        code.add(ActivationCode.forward(dense.activation(), p, "y" + s, units));
      }
    });
    return code.build();
  }

  private static String unit(int u) {
    return u == 0 ? "o" : "o + " + u;
  }

  /** {@code count} units from o for {@code samples} samples: each sum's fma chain is the per-sample one. */
  private void addUnits(CodeBlock.Builder code, int count, int samples) {
    for (int u = 0; u < count; u++) {
      String unit = unit(u);
      String bias = layer.bias().map(b -> "params[" + Index.at(b, 0, unit) + "]").orElse(p.literal(0));
      for (int s = 0; s < samples; s++) {
        code.addStatement("$T a$L_$L = $L", p.type(), u, s, bias);
      }
    }
    code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
    Loops.counted(code, "i", inputs);
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T v$L = x$L[i]", p.type(), s, s);
    }
    for (int u = 0; u < count; u++) {
      code.addStatement("final $T w$L = params[$L]", p.type(), u, sum(u * inputs, "row", "i"));
      for (int s = 0; s < samples; s++) {
        code.addStatement("a$L_$L = $L", u, s, FmaCode.scalar("w" + u, "v" + s, "a" + u + "_" + s));
      }
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      for (int s = 0; s < samples; s++) {
        code.addStatement("y$L[$L] = a$L_$L", s, unit(u), u, s);
      }
    }
  }

  private CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T params = rows[0].params", p.arrayType());
    code.addStatement("final $T grads = rows[0].grads", p.arrayType());
    CodeBlock activation = ActivationCode.backward(dense.activation(), p, "d", "y", units);
    if (!activation.isEmpty()) {
      code.beginControlFlow("for (int k = 0; k < n; k++)");
      code.addStatement("final $T d = rows[k].$L", p.arrayType(), wiring.grad());
      code.addStatement("final $T y = rows[k].$L", p.arrayType(), wiring.out());
      code.add(activation);
      code.endControlFlow();
    }
    code.add("// Each gradient element is read and written once per block, the samples' shares added in order.\n");
    code.add("{\n$>");
    BatchRows.blocks(code, SAMPLES_PER_GRADIENT, samples -> {
      BatchRows.locals(code, p, "x", wiring.source(), samples);
      BatchRows.locals(code, p, "d", wiring.grad(), samples);
      Loops.counted(code, "o", units);
      gradientsOf(code, samples);
      layer.bias().ifPresent(b -> code.addStatement("grads[$L] = grads[$L]$L", Index.at(b, 0, "o"),
          Index.at(b, 0, "o"), shares(samples, s -> "g" + s)));
      code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
      Loops.counted(code, "i", inputs);
      code.addStatement("grads[row + i] = grads[row + i]$L", shares(samples, s -> "g" + s + " * x" + s + "[i]"));
      code.endControlFlow();
      code.endControlFlow();
    });
    code.add("$<}\n");
    if (wiring.needsInputGradient()) {
      code.add("// dLoss/dInput += W^T x dLoss/dZ, each weight read once per block of samples.\n");
      code.add("{\n$>");
      BatchRows.blocks(code, SAMPLES_PER_GRADIENT, samples -> {
        BatchRows.locals(code, p, "e", wiring.sourceGrad(), samples);
        BatchRows.locals(code, p, "d", wiring.grad(), samples);
        Loops.counted(code, "o", units);
        gradientsOf(code, samples);
        code.addStatement("final int row = $L", Index.at(weights, 0, Index.times("o", inputs)));
        Loops.counted(code, "i", inputs);
        code.addStatement("final $T w = params[row + i]", p.type());
        for (int s = 0; s < samples; s++) {
          code.addStatement("e$L[i] += w * g$L", s, s);
        }
        code.endControlFlow();
        code.endControlFlow();
      });
      code.add("$<}\n");
    }
    return code.build();
  }

  /** {@code final float g0 = d0[o]} and so on. */
  private void gradientsOf(CodeBlock.Builder code, int samples) {
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T g$L = d$L[o]", p.type(), s, s);
    }
  }

  /** {@code " + share(0) + share(1)..."}: added left to right, so in sample order. */
  static String shares(int samples, java.util.function.IntFunction<String> share) {
    StringBuilder sum = new StringBuilder();
    for (int s = 0; s < samples; s++) {
      sum.append(" + ").append(share.apply(s));
    }
    return sum.toString();
  }
}
