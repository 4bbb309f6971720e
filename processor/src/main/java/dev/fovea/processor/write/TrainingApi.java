package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The generated class's training surface. Batch norms cut the layers into stages: stage 0 runs up to the first
 * batch norm, stage k from the k-th batch norm to the next. The caller runs a stage for every sample of the batch
 * (one {@code sibling()} per sample), reduces the samples' sums in sample order, sets the statistics, and goes on;
 * a network without batch norm has one stage, and its training pass is forward then backward.
 */
final class TrainingApi {
  private final Precision p;
  private final ClassName self;
  private final List<LayerMethods> emitters;
  private final List<Integer> boundaries = new ArrayList<>();
  private final String output;
  private final String outputGrad;

  /**
   * One layer's methods, each built once: forward, training forward if it differs, backward, batch sums, and the
   * batch form over a micro-batch's rows if the layer has one (float classes only).
   */
  record LayerMethods(MethodSpec forward, Optional<MethodSpec> training, MethodSpec backward,
      Optional<BatchStatistics> statistics, Optional<LayerEmitter.BatchForms> batch) {}

  /** {@code emitters} in layer order; {@code output} and {@code outputGrad} are the last layer's buffers. */
  TrainingApi(Precision precision, ClassName self, List<LayerMethods> emitters, String output, String outputGrad) {
    this.p = precision;
    this.self = self;
    this.emitters = emitters;
    this.output = output;
    this.outputGrad = outputGrad;
    for (int i = 0; i < emitters.size(); i++) {
      if (emitters.get(i).statistics().isPresent()) {
        boundaries.add(i);
      }
    }
  }

  int stages() {
    return boundaries.size() + 1;
  }

  /** The most values one sample's sums take, 0 without batch norm. */
  int sumsSize() {
    return boundaries.stream().mapToInt(b -> emitters.get(b).statistics().orElseThrow().sumsSize()).max()
        .orElse(0);
  }

  /** The first layer whose forward stage {@code stage} runs. */
  int start(int stage) {
    return stage == 0 ? 0 : boundaries.get(stage - 1);
  }

  /** One past the last layer whose forward stage {@code stage} runs. */
  int end(int stage) {
    return stage == stages() - 1 ? emitters.size() : boundaries.get(stage);
  }

  List<MethodSpec> methods(List<String> zeroed) {
    return List.of(trainForward(), trainBackward(zeroed),
        dispatch("forwardSums", BatchStatistics::forwardSums, false,
            "Adds this sample's sums for the batch norm that opens {@code stage} (after running the stages\n"
                + "before it) to {@code sums}, which holds {@link #SUMS_SIZE} values, zero before the first sample."),
        dispatch("setForwardStatistics", BatchStatistics::setForwardStatistics, true,
            "Sets the batch statistics of the batch norm that opens {@code stage} from the sums of all\n"
                + "{@code batch} samples, and updates its running statistics; siblings and replicas share them."),
        dispatch("backwardSums", BatchStatistics::backwardSums, false,
            "Adds this sample's gradient sums for the batch norm that opens {@code stage} (after\n"
                + "{@link #trainBackward} of every later stage) to {@code sums}."),
        dispatch("setBackwardStatistics", BatchStatistics::setBackwardStatistics, true,
            "Sets the batch's gradient means for the batch norm that opens {@code stage} from all samples' sums."),
        MethodSpec.methodBuilder("sibling")
            .addModifiers(Modifier.PUBLIC)
            .returns(self)
            .addJavadoc("A network sharing these parameters, batch statistics and gradients, with its own\n")
            .addJavadoc("activations: one per sample of a batch in the stages of training. Its backward passes add\n")
            .addJavadoc("to the same gradient array, so siblings must not run at the same time.\n")
            .addStatement("return new $T(params, this, grads)", self)
            .build());
  }

  private MethodSpec trainForward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("trainForward")
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addJavadoc("Runs training stage {@code stage} of one sample: batch norms use the batch statistics\n")
        .addJavadoc("set by {@link #setForwardStatistics}, dropout draws its mask from {@code seed}. Stage 0\n")
        .addJavadoc("reads the sample ($L values from {@code offset}); later stages ignore it.\n\n",
            "INPUT_SIZE")
        .addJavadoc("@return the live output buffer after the last stage, null after the others\n")
        .addParameter(TypeName.INT, "stage")
        .addParameter(p.arrayType(), "sample")
        .addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("training = true")
        .beginControlFlow("switch (stage)");
    for (int s = 0; s < stages(); s++) {
      m.addCode("case $L:\n", s).addCode("$>");
      if (s == 0) {
        m.addStatement("$T.arraycopy(sample, offset, input, 0, INPUT_SIZE)", System.class);
      }
      for (int i = start(s); i < end(s); i++) {
        LayerMethods e = emitters.get(i);
        m.addStatement(e.training()
            .map(t -> t.name() + (t.parameters().isEmpty() ? "()" : "(seed)"))
            .orElse(e.forward().name() + "()"));
      }
      m.addStatement("return $L", s == stages() - 1 ? output : "null").addCode("$<");
    }
    return m.addCode("default:\n$>").addStatement(noStage()).addCode("$<").endControlFlow().build();
  }

  private MethodSpec trainBackward(List<String> zeroed) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("trainBackward")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Back-propagates training stage {@code stage} of the sample of the last\n")
        .addJavadoc("{@link #trainForward}, last stage first, adding to {@link #gradients()}; the last stage\n")
        .addJavadoc("reads dLoss/dOutput from {@code outputGradient}, the others ignore it.\n")
        .addParameter(TypeName.INT, "stage")
        .addParameter(p.arrayType(), "outputGradient")
        .beginControlFlow("switch (stage)");
    for (int s = stages() - 1; s >= 0; s--) {
      m.addCode("case $L:\n", s).addCode("$>");
      if (s == stages() - 1) {
        zeroed.forEach(buffer -> m.addStatement("$T.fill($L, $L)", Arrays.class, buffer, p.literal(0)));
        m.addStatement("$T.arraycopy(outputGradient, 0, $L, 0, OUTPUT_SIZE)", System.class, outputGrad);
      }
      for (int i = backwardEnd(s) - 1; i >= backwardStart(s); i--) {
        m.addStatement("$L()", emitters.get(i).backward().name());
      }
      m.addStatement("return").addCode("$<");
    }
    return m.addCode("default:\n$>").addStatement(noStage()).addCode("$<").endControlFlow().build();
  }

  /**
   * The first layer whose backward stage {@code stage} runs: a batch norm's backward runs in the stage before its
   * own, once its gradient sums are set.
   */
  int backwardStart(int stage) {
    return stage == 0 ? 0 : boundaries.get(stage - 1) + 1;
  }

  /** One past the last layer whose backward stage {@code stage} runs. */
  int backwardEnd(int stage) {
    return stage == stages() - 1 ? emitters.size() : boundaries.get(stage) + 1;
  }

  CodeBlock noStage() {
    return CodeBlock.of("throw new $T($S + stage + $S)", IllegalArgumentException.class, "no stage ",
        " in 0.." + (stages() - 1));
  }

  private CodeBlock noBatchNorm() {
    return CodeBlock.of("throw new $T($S + stage)", IllegalArgumentException.class,
        "no batch norm opens stage ");
  }

  private MethodSpec dispatch(String name, Function<BatchStatistics, MethodSpec> method, boolean withBatch,
      String doc) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("$L\n", doc)
        .addParameter(TypeName.INT, "stage")
        .addParameter(double[].class, "sums");
    if (withBatch) {
      m.addParameter(TypeName.INT, "batch");
    }
    m.beginControlFlow("switch (stage)");
    for (int s = 1; s < stages(); s++) {
      MethodSpec target = method.apply(emitters.get(boundaries.get(s - 1)).statistics().orElseThrow());
      m.addCode("case $L:\n$>", s).addStatement(withBatch ? "$L(sums, batch)" : "$L(sums)", target.name())
          .addStatement("return").addCode("$<");
    }
    return m.addCode("default:\n$>").addStatement(noBatchNorm()).addCode("$<").endControlFlow().build();
  }
}
