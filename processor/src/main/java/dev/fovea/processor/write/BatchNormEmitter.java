package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.op.BatchNormKind;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Batch normalisation per channel. Evaluation normalises with the running statistics; training with the batch's,
 * which the caller computes from every sample's {@code forwardSums} and hands back through
 * {@code setForwardStatistics} (and likewise for the gradient). One backward method serves both modes: in
 * evaluation the batch's gradient means are zero, which leaves dx = gamma / std * dy. Channels of many cells run
 * {@link BatchNormLoops}' passes.
 */
public final class BatchNormEmitter implements BatchStatistics {
  private final LayerPlan layer;
  private final BatchNormKind.Spec spec;
  private final Precision p;
  private final Wiring wiring;
  private final int channels;
  private final int area;
  private final ParamPlan weight;
  private final ParamPlan bias;
  private final ParamPlan runningMean;
  private final ParamPlan runningVar;
  private final ParamPlan count;
  private final String normalized;
  private final String batch;
  /** The fast passes over a channel's cells, or null for channels of fewer than BatchNormLoops.MIN_AREA. */
  private final BatchNormLoops loops;

  public BatchNormEmitter(LayerPlan layer, BatchNormKind.Spec spec, Precision precision, Wiring wiring,
      Backend backend) {
    this.layer = layer;
    this.spec = spec;
    this.p = precision;
    this.wiring = wiring;
    this.channels = layer.input().channels();
    this.area = layer.input().area();
    List<ParamPlan> params = layer.params();
    this.weight = params.get(0);
    this.bias = params.get(1);
    this.runningMean = params.get(2);
    this.runningVar = params.get(3);
    this.count = params.get(4);
    this.normalized = LayerEmitter.member(layer, "Normalized");
    this.batch = LayerEmitter.member(layer, "Batch");
    this.loops = area < BatchNormLoops.MIN_AREA ? null
        : new BatchNormLoops(backend, precision, area, spec.activation(), wiring, normalized);
  }

  /** Opens the loop over channels and, for the fast passes, declares the channel's first index. */
  private void openChannels(CodeBlock.Builder code) {
    openCells(code);
    if (loops != null) {
      code.addStatement("final int base = $L", Index.times("c", area));
    }
  }

  /** Declares beta where the passes take ReLU's mask from x-hat. */
  private void declareBeta(CodeBlock.Builder code) {
    if (loops != null && loops.foldsRelu()) {
      code.addStatement("final $T beta = params[$L]", p.type(), Index.at(bias, 0, "c"));
    }
  }

  /** Whether the activation's derivative is taken in a pass of its own (not folded into the loops). */
  private boolean separateActivation() {
    return loops == null || !loops.foldsRelu();
  }

  @Override
  public List<FieldSpec> scratchBuffers() {
    return List.of(FieldSpec.builder(p.arrayType(), normalized, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L: the input normalised, before gamma and beta, for the backward pass.\n", layer.name())
        .initializer("new $T[$L]", p.type(), layer.output().size())
        .build());
  }

  @Override
  public List<SharedBuffer> sharedBuffers() {
    return List.of(new SharedBuffer(batch, layer.name()
        + ": per channel, the batch's mean, 1 / std, mean of dLoss/dy and of dLoss/dy * x-hat.", 4 * channels));
  }

  @Override
  public int sumsSize() {
    return 2 * channels;
  }

  private String describe(String what) {
    return LayerEmitter.describe(layer) + ", eps " + spec.eps() + ", momentum " + spec.momentum()
        + (spec.activation() == Activation.LINEAR ? "" : ", " + spec.activation()) + ": " + what + ".\n";
  }

  /** The index of cell i of channel c. */
  private String cell() {
    return Index.sum(0, Index.times("c", area), area == 1 ? "" : "i");
  }

  private void openCells(CodeBlock.Builder code) {
    Loops.counted(code, "c", channels);
  }

  private void openArea(CodeBlock.Builder code) {
    if (area > 1) {
      Loops.counted(code, "i", area);
    }
  }

  private void closeArea(CodeBlock.Builder code) {
    if (area > 1) {
      code.endControlFlow();
    }
  }

  private String invStd(String variance) {
    return p.narrow() + "(1.0 / java.lang.Math.sqrt(" + variance + " + " + spec.eps() + "))";
  }

  @Override
  public MethodSpec forward() {
    return normalize(LayerEmitter.forwardName(layer), "evaluation, with the running statistics",
        "params[" + Index.at(runningMean, 0, "c") + "]", invStd("params[" + Index.at(runningVar, 0, "c") + "]"));
  }

  @Override
  public Optional<MethodSpec> trainingForward() {
    return Optional.of(normalize(LayerEmitter.trainingForwardName(layer),
        "training, with the batch's statistics (set by setForwardStatistics)",
        batch + "[c]", batch + "[" + Index.sum(channels, "c") + "]"));
  }

  private MethodSpec normalize(String name, String what, String mean, String scale) {
    CodeBlock.Builder code = CodeBlock.builder();
    openChannels(code);
    code.addStatement("final $T shift = $L", p.type(), mean);
    code.addStatement("final $T scale = $L", p.type(), scale);
    code.addStatement("final $T gamma = params[$L]", p.type(), Index.at(weight, 0, "c"));
    code.addStatement("final $T beta = params[$L]", p.type(), Index.at(bias, 0, "c"));
    if (loops != null) {
      code.add(loops.normalize());
    } else {
      openArea(code);
      code.addStatement("$L[$L] = ($L[$L] - shift) * scale", normalized, cell(), wiring.source(), cell());
      code.addStatement("$L[$L] = $L[$L] * gamma + beta", wiring.out(), cell(), normalized, cell());
      closeArea(code);
    }
    code.endControlFlow();
    if (loops == null || !loops.foldsReluForward()) {
      code.add(ActivationCode.forward(spec.activation(), p, wiring.out(), layer.output().size()));
    }
    return LayerEmitter.method(name, describe(what), code.build());
  }

  @Override
  public MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    CodeBlock activation = ActivationCode.backward(spec.activation(), p, wiring.grad(), wiring.out(),
        layer.output().size());
    if (!activation.isEmpty() && separateActivation()) {
      code.add("// In training, backwardSums has already taken the gradient through the activation.\n");
      code.beginControlFlow("if (!training)").add(activation).endControlFlow();
    }
    openChannels(code);
    code.addStatement("final $T gamma = params[$L]", p.type(), Index.at(weight, 0, "c"));
    declareBeta(code);
    code.addStatement("final $T scale = gamma * (training ? $L[$L] : $L)", p.type(), batch,
        Index.sum(channels, "c"), invStd("params[" + Index.at(runningVar, 0, "c") + "]"));
    code.add("// The batch's means of dy and dy * x-hat; the running statistics do not depend on the input.\n");
    code.addStatement("final $T dyMean = training ? $L[$L] : 0", p.type(), batch, Index.sum(2 * channels, "c"));
    code.addStatement("final $T dyNormalizedMean = training ? $L[$L] : 0", p.type(), batch,
        Index.sum(3 * channels, "c"));
    if (loops != null) {
      code.add(loops.gradient());
    } else {
      code.addStatement("$T gammaGrad = 0", p.type());
      code.addStatement("$T betaGrad = 0", p.type());
      openArea(code);
      code.addStatement("final $T dy = $L[$L]", p.type(), wiring.grad(), cell());
      code.addStatement("gammaGrad += dy * $L[$L]", normalized, cell());
      code.addStatement("betaGrad += dy");
      if (wiring.needsInputGradient()) {
        code.addStatement("$L[$L] += scale * (dy - dyMean - $L[$L] * dyNormalizedMean)", wiring.sourceGrad(),
            cell(), normalized, cell());
      }
      closeArea(code);
    }
    code.addStatement("grads[$L] += gammaGrad", Index.at(weight, 0, "c"));
    code.addStatement("grads[$L] += betaGrad", Index.at(bias, 0, "c"));
    code.endControlFlow();
    return LayerEmitter.method(LayerEmitter.backwardName(layer), describe("backward, in either mode"),
        code.build());
  }

  @Override
  public MethodSpec forwardSums() {
    CodeBlock.Builder code = CodeBlock.builder();
    sums(code, false, wiring.source() + "[" + cell() + "]", "v");
    return sumsMethod("ForwardSums", "adds per channel the sum of this sample's inputs, then of their squares",
        code.build());
  }

  @Override
  public MethodSpec backwardSums() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (separateActivation()) {
      code.add(ActivationCode.backward(spec.activation(), p, wiring.grad(), wiring.out(), layer.output().size()));
    }
    sums(code, true, wiring.grad() + "[" + cell() + "]", normalized + "[" + cell() + "]");
    return sumsMethod("BackwardSums",
        (separateActivation() ? "takes the complete gradient through the activation"
            : "reads the complete gradient through ReLU's mask (leaving it as it is)")
            + ", then adds per channel the sum of dy, then of dy * x-hat", code.build());
  }

  /** sums[c] += the sum of {@code value}; sums[channels + c] += the sum of value * {@code factor}. */
  private void sums(CodeBlock.Builder code, boolean backward, String value, String factor) {
    if (loops != null) {
      openChannels(code);
      if (backward && loops.foldsRelu()) {
        code.addStatement("final $T gamma = params[$L]", p.type(), Index.at(weight, 0, "c"));
        declareBeta(code);
      }
      code.add(loops.sums(backward, channels));
      code.endControlFlow();
      return;
    }
    openCells(code);
    code.addStatement("double s = 0");
    code.addStatement("double q = 0");
    openArea(code);
    code.addStatement("final double v = $L", value);
    code.addStatement("s += v");
    code.addStatement("q += v * $L", factor);
    closeArea(code);
    code.addStatement("sums[c] += s");
    code.addStatement("sums[$L] += q", Index.sum(channels, "c"));
    code.endControlFlow();
  }

  private MethodSpec sumsMethod(String what, String doc, CodeBlock code) {
    return MethodSpec.methodBuilder(BatchStatistics.name(layer, what))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(describe(doc))
        .addParameter(double[].class, "sums")
        .addCode(code)
        .build();
  }

  @Override
  public MethodSpec setForwardStatistics() {
    CodeBlock.Builder code = counted();
    double m = spec.momentum();
    openCells(code);
    code.addStatement("final double mean = sums[c] / count");
    code.add("// The biased variance normalises; PyTorch's running variance is the unbiased one.\n");
    code.addStatement("final double variance = java.lang.Math.max(0.0, sums[$L] / count - mean * mean)",
        Index.sum(channels, "c"));
    code.addStatement("$L[c] = $Lmean", batch, p.narrow());
    code.addStatement("$L[$L] = $L", batch, Index.sum(channels, "c"), invStd("variance"));
    code.addStatement("params[$L] = $L($L * params[$L] + $L * mean)", Index.at(runningMean, 0, "c"), p.narrow(),
        1 - m, Index.at(runningMean, 0, "c"), m);
    code.addStatement("params[$L] = $L($L * params[$L] + $L * variance * count / (count - 1))",
        Index.at(runningVar, 0, "c"), p.narrow(), 1 - m, Index.at(runningVar, 0, "c"), m);
    code.endControlFlow();
    code.addStatement("params[$L] += 1", Index.offset(count));
    return statisticsMethod("SetForwardStatistics",
        "the batch's mean and 1 / std from the sums of every sample; updates the running statistics", code.build());
  }

  @Override
  public MethodSpec setBackwardStatistics() {
    CodeBlock.Builder code = counted();
    openCells(code);
    code.addStatement("$L[$L] = $L(sums[c] / count)", batch, Index.sum(2 * channels, "c"), p.narrow());
    code.addStatement("$L[$L] = $L(sums[$L] / count)", batch, Index.sum(3 * channels, "c"), p.narrow(),
        Index.sum(channels, "c"));
    code.endControlFlow();
    return statisticsMethod("SetBackwardStatistics", "the batch's means of dy and dy * x-hat", code.build());
  }

  /** Declares {@code count}, the values per channel in the batch, and refuses a batch with only one. */
  private CodeBlock.Builder counted() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("final double count = $L", Index.times("(double) batch", area));
    code.beginControlFlow("if (count < 2)");
    code.addStatement("throw new $T($S + batch + $S)", IllegalArgumentException.class, layer.name()
        + ": batch norm in training needs more than one value per channel, got ", " sample(s) of " + area
        + " cell(s): train with larger batches");
    code.endControlFlow();
    return code;
  }

  private MethodSpec statisticsMethod(String what, String doc, CodeBlock code) {
    return MethodSpec.methodBuilder(BatchStatistics.name(layer, what))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(describe(doc))
        .addParameter(double[].class, "sums")
        .addParameter(TypeName.INT, "batch")
        .addCode(code)
        .build();
  }
}
