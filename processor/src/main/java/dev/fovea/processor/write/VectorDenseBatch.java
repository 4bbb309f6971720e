package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;

/**
 * A Vector API dense layer over the rows of a micro-batch: {@link VectorDenseEmitter}'s lane-wise sums for a block
 * of units by a block of samples, each weight vector loaded once per block of samples, then each sum's lanes added
 * in lane order and its scalar tail, as per sample; the weight gradient's vectors take a block of samples' fmas in
 * sample order between one load and one store, and the input gradient loads each weight vector once per block.
 * Every row gets the bits of {@link VectorDenseEmitter}'s methods.
 */
final class VectorDenseBatch {
  /**
   * 2 units by 4 samples: 8 vector sums, 4 input vectors and a weight vector, within AVX2's 16 registers. A
   * 784-256-128-10 MLP's forward of 32 samples took 391 us against the siblings' 483 us; 4 by 2 took 476 us against
   * 479 us (load 8-9, the same minutes).
   */
  private static final int UNITS_PER_PASS = 2;
  private static final int SAMPLES_PER_PASS = 4;
  private static final int SAMPLES_PER_GRADIENT = 4;

  private final LayerPlan layer;
  private final DenseSpec dense;
  private final Precision p;
  private final Wiring wiring;
  private final int inputs;
  private final int units;
  private final ParamPlan weights;
  private final ClassName vector;

  VectorDenseBatch(LayerPlan layer, Precision precision, Wiring wiring) {
    this.layer = layer;
    this.dense = (DenseSpec) layer.spec();
    this.p = precision;
    this.wiring = wiring;
    this.inputs = layer.input().size();
    this.units = dense.units();
    this.weights = layer.weight().orElseThrow();
    this.vector = VectorCode.vector(precision);
  }

  LayerEmitter.BatchForms forms(ClassName self) {
    String doc = DenseEmitter.describe(layer, "; vectors along the weight rows, over the rows of a micro-batch");
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
        code.add(VectorCode.activation(dense.activation(), p, "y" + s, units));
      }
    });
    return code.build();
  }

  private static String unit(int u) {
    return u == 0 ? "o" : "o + " + u;
  }

  /** {@code count} units from o for {@code samples} samples: vector sums, lanes in order, the scalar tail. */
  private void addUnits(CodeBlock.Builder code, int count, int samples) {
    code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
    for (int u = 0; u < count; u++) {
      for (int s = 0; s < samples; s++) {
        code.addStatement("$T a$L_$L = $T.zero(SPECIES)", vector, u, s, vector);
      }
    }
    code.addStatement("int i = 0");
    code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", inputs);
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T v$L = $T.fromArray(SPECIES, x$L, i)", vector, s, vector, s);
    }
    for (int u = 0; u < count; u++) {
      code.addStatement("final $T w$L = $T.fromArray(SPECIES, params, $L)", vector, u, vector,
          sum(u * inputs, "row", "i"));
      for (int s = 0; s < samples; s++) {
        String acc = "a" + u + "_" + s;
        code.addStatement("$L = $L", acc, FmaCode.vector("w" + u, "v" + s, acc));
      }
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      String unit = unit(u);
      String bias = layer.bias().map(b -> " + params[" + Index.at(b, 0, unit) + "]").orElse("");
      for (int s = 0; s < samples; s++) {
        code.addStatement("$T s$L_$L = rows[0].sumLanes(a$L_$L)$L", p.type(), u, s, u, s, bias);
      }
    }
    code.beginControlFlow("for (; i < $L; i++)", inputs);
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T v$L = x$L[i]", p.type(), s, s);
    }
    for (int u = 0; u < count; u++) {
      code.addStatement("final $T w$L = params[$L]", p.type(), u, sum(u * inputs, "row", "i"));
      for (int s = 0; s < samples; s++) {
        String acc = "s" + u + "_" + s;
        code.addStatement("$L = $L", acc, FmaCode.scalar("w" + u, "v" + s, acc));
      }
    }
    code.endControlFlow();
    for (int u = 0; u < count; u++) {
      for (int s = 0; s < samples; s++) {
        code.addStatement("y$L[$L] = s$L_$L", s, unit(u), u, s);
      }
    }
  }

  private CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final $T params = rows[0].params", p.arrayType());
    code.addStatement("final $T grads = rows[0].grads", p.arrayType());
    CodeBlock activation = VectorCode.activationBackward(dense.activation(), p, "d", "y", units);
    if (!activation.isEmpty()) {
      code.beginControlFlow("for (int k = 0; k < n; k++)");
      code.addStatement("final $T d = rows[k].$L", p.arrayType(), wiring.grad());
      code.addStatement("final $T y = rows[k].$L", p.arrayType(), wiring.out());
      code.add(activation);
      code.endControlFlow();
    }
    code.add("// Each gradient vector is loaded and stored once per block, the samples' fmas added in order.\n");
    code.add("{\n$>");
    BatchRows.blocks(code, SAMPLES_PER_GRADIENT, samples -> {
      BatchRows.locals(code, p, "x", wiring.source(), samples);
      BatchRows.locals(code, p, "d", wiring.grad(), samples);
      Loops.counted(code, "o", units);
      gradientsOf(code, samples);
      layer.bias().ifPresent(b -> code.addStatement("grads[$L] = grads[$L]$L", Index.at(b, 0, "o"),
          Index.at(b, 0, "o"), DenseBatch.shares(samples, s -> "g" + s)));
      code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
      code.addStatement("int i = 0");
      code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", inputs);
      code.addStatement("$T acc = $T.fromArray(SPECIES, grads, row + i)", vector, vector);
      for (int s = 0; s < samples; s++) {
        CodeBlock source = CodeBlock.of("$T.fromArray(SPECIES, x$L, i)", vector, s);
        code.addStatement("acc = $L", FmaCode.vector(source, "gv" + s, "acc"));
      }
      code.addStatement("acc.intoArray(grads, row + i)");
      code.endControlFlow();
      code.beginControlFlow("for (; i < $L; i++)", inputs);
      code.addStatement("grads[row + i] = grads[row + i]$L",
          DenseBatch.shares(samples, s -> "g" + s + " * x" + s + "[i]"));
      code.endControlFlow();
      code.endControlFlow();
    });
    code.add("$<}\n");
    if (wiring.needsInputGradient()) {
      code.add("// dLoss/dInput += W^T x dLoss/dZ, each weight vector loaded once per block of samples.\n");
      code.add("{\n$>");
      BatchRows.blocks(code, SAMPLES_PER_GRADIENT, samples -> {
        BatchRows.locals(code, p, "e", wiring.sourceGrad(), samples);
        BatchRows.locals(code, p, "d", wiring.grad(), samples);
        Loops.counted(code, "o", units);
        gradientsOf(code, samples);
        code.addStatement("final int row = $L", Index.at(weights, 0, times("o", inputs)));
        code.addStatement("int i = 0");
        code.beginControlFlow("for (; i < SPECIES.loopBound($L); i += LANES)", inputs);
        code.addStatement("final $T w = $T.fromArray(SPECIES, params, row + i)", vector, vector);
        for (int s = 0; s < samples; s++) {
          CodeBlock target = CodeBlock.of("$T.fromArray(SPECIES, e$L, i)", vector, s);
          code.addStatement("$L.intoArray(e$L, i)", FmaCode.vector("w", "gv" + s, target), s);
        }
        code.endControlFlow();
        code.beginControlFlow("for (; i < $L; i++)", inputs);
        code.addStatement("final $T w = params[row + i]", p.type());
        for (int s = 0; s < samples; s++) {
          code.addStatement("e$L[i] += g$L * w", s, s);
        }
        code.endControlFlow();
        code.endControlFlow();
      });
      code.add("$<}\n");
    }
    return code.build();
  }

  /** {@code final float g0 = d0[o]} and its broadcast {@code gv0}, and so on. */
  private void gradientsOf(CodeBlock.Builder code, int samples) {
    for (int s = 0; s < samples; s++) {
      code.addStatement("final $T g$L = d$L[o]", p.type(), s, s);
      code.addStatement("final $T gv$L = $T.broadcast(SPECIES, g$L)", vector, s, vector, s);
    }
  }
}
