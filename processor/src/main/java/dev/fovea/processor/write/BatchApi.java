package dev.fovea.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated class's micro-batch, {@code Batch}, a nested class implementing {@code GeneratedBatch}: its rows
 * are siblings of the network, one per sample, and a pass runs layer by layer over them. Each pass is cut into
 * segments, runs of layers without a batch form, run as {@code for (k < n) { rows[k].a(); rows[k].b(); }}, and
 * layers with one, run once over all rows. Every layer still sees its rows in sample order and every row sees its
 * layers in order, so each parameter gradient receives the samples' shares in sample order: the bits of running
 * each sample on its own sibling, one after another.
 */
public final class BatchApi {
  /** What a call with a negative {@code n} or more samples than the capacity throws, followed by the capacity. */
  public static final String TOO_MANY_SAMPLES = "samples per call must be 0 up to the capacity ";
  /** What {@code batch(capacity)} throws below one, followed by the capacity asked for. */
  public static final String NO_CAPACITY = "a micro-batch holds at least one sample, not ";
  static final ClassName GENERATED_BATCH = ClassName.get("dev.fovea.api", "GeneratedBatch");
  /** Row calls per segment loop and calls per method: a few bytes each, so far below the JIT's 8000 bytes. */
  static final int CALLS_PER_METHOD = 150;

  private final Precision p;
  private final ClassName self;
  private final ClassName batch;
  private final TrainingApi training;
  private final List<TrainingApi.LayerMethods> layers;
  private final String output;
  private final String outputGrad;
  private final List<MethodSpec> helpers = new ArrayList<>();

  /** One layer's part in a pass: a method each row runs (with the sample's seed if seeded), or a batch form. */
  private record Call(String name, boolean seeded, boolean batch) {}

  BatchApi(Precision precision, ClassName self, TrainingApi training, List<TrainingApi.LayerMethods> layers,
      String output, String outputGrad) {
    this.p = precision;
    this.self = self;
    this.batch = self.nestedClass("Batch");
    this.training = training;
    this.layers = layers;
    this.output = output;
    this.outputGrad = outputGrad;
  }

  /** {@code batch(capacity)}, the network's method that makes one. */
  MethodSpec factory() {
    return MethodSpec.methodBuilder("batch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(batch)
        .addJavadoc("A micro-batch of up to {@code capacity} samples sharing these parameters, batch statistics\n")
        .addJavadoc("and gradients, with its own activations: one sibling per sample, run layer by layer.\n")
        .addParameter(TypeName.INT, "capacity")
        .addStatement("return new $T(this, capacity)", batch)
        .build();
  }

  /** The nested class; {@code zeroed} are the activation gradients trainBackward's last stage zeroes. */
  TypeSpec type(List<String> zeroed) {
    TypeSpec.Builder type = TypeSpec.classBuilder(batch)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(GENERATED_BATCH)
        .addJavadoc("Up to {@link #capacity()} samples of {@link $T}, one sibling per row, run layer by layer:\n",
            self)
        .addJavadoc("dense layers as matrix-matrix products over the rows, the rest row by row, every result the\n")
        .addJavadoc("bits of running the samples on siblings in order.\n")
        .addField(FieldSpec.builder(ArrayTypeName.of(self), "rows", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("One sibling of the network per sample.\n").build())
        .addField(FieldSpec.builder(p.arrayType(), "output", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The outputs, packed: row k from k * OUTPUT_SIZE.\n").build())
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(self, "network")
            .addParameter(TypeName.INT, "capacity")
            .beginControlFlow("if (capacity < 1)")
            .addStatement("throw new $T($S + capacity)", IllegalArgumentException.class, NO_CAPACITY)
            .endControlFlow()
            .addStatement("this.rows = new $T[capacity]", self)
            .beginControlFlow("for (int k = 0; k < capacity; k++)")
            .addStatement("rows[k] = network.sibling()")
            .endControlFlow()
            .addStatement("this.output = new $T[capacity * OUTPUT_SIZE]", p.type())
            .build())
        .addMethod(MethodSpec.methodBuilder("capacity")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.INT)
            .addStatement("return rows.length")
            .build())
        .addMethod(MethodSpec.methodBuilder("check")
            .addModifiers(Modifier.PRIVATE)
            .addParameter(TypeName.INT, "n")
            .beginControlFlow("if (n < 0 || n > rows.length)")
            .addStatement("throw new $T($S + rows.length + $S + n)", IllegalArgumentException.class,
                TOO_MANY_SAMPLES, ", got ")
            .endControlFlow()
            .build())
        .addMethod(collect())
        .addMethod(forward())
        .addMethod(trainForward())
        .addMethod(trainBackward(zeroed))
        .addMethod(sums("forwardSums"))
        .addMethod(sums("backwardSums"));
    return type.addMethods(helpers).build();
  }

  private MethodSpec collect() {
    return MethodSpec.methodBuilder("collect")
        .addModifiers(Modifier.PRIVATE)
        .returns(p.arrayType())
        .addJavadoc("Packs the first n rows' outputs into {@link #output}.\n")
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("$T.arraycopy(rows[k].$L, 0, output, k * OUTPUT_SIZE, OUTPUT_SIZE)", System.class, output)
        .endControlFlow()
        .addStatement("return output")
        .build();
  }

  private MethodSpec forward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addParameter(p.arrayType(), "samples")
        .addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.INT, "n")
        .addStatement("check(n)")
        .beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("rows[k].training = false")
        .addStatement("$T.arraycopy(samples, offset + k * INPUT_SIZE, rows[k].input, 0, INPUT_SIZE)", System.class)
        .endControlFlow();
    List<Call> calls = new ArrayList<>();
    for (TrainingApi.LayerMethods layer : layers) {
      calls.add(layer.batch().map(b -> new Call(b.forward().name(), false, true))
          .orElse(new Call(layer.forward().name(), false, false)));
    }
    passes("evaluate", calls, false).forEach(name -> m.addStatement("$L(rows, n)", name));
    return m.addStatement("return collect(n)").build();
  }

  private MethodSpec trainForward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("trainForward")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addParameter(TypeName.INT, "stage")
        .addParameter(p.arrayType(), "samples")
        .addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.INT, "n")
        .addParameter(long[].class, "seeds")
        .addStatement("check(n)")
        .beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("rows[k].training = true")
        .endControlFlow()
        .beginControlFlow("switch (stage)");
    int last = training.stages() - 1;
    for (int s = 0; s <= last; s++) {
      m.addCode("case $L:\n$>", s);
      if (s == 0) {
        m.beginControlFlow("for (int k = 0; k < n; k++)")
            .addStatement("$T.arraycopy(samples, offset + k * INPUT_SIZE, rows[k].input, 0, INPUT_SIZE)",
                System.class)
            .endControlFlow();
      }
      List<Call> calls = new ArrayList<>();
      for (int i = training.start(s); i < training.end(s); i++) {
        TrainingApi.LayerMethods layer = layers.get(i);
        if (layer.training().isPresent()) {
          MethodSpec t = layer.training().get();
          calls.add(new Call(t.name(), !t.parameters().isEmpty(), false));
        } else {
          calls.add(layer.batch().map(b -> new Call(b.forward().name(), false, true))
              .orElse(new Call(layer.forward().name(), false, false)));
        }
      }
      passes("stage" + s + "Forward", calls, true).forEach(name -> m.addStatement("$L(rows, n, seeds)", name));
      m.addStatement(s == last ? "return collect(n)" : "return null").addCode("$<");
    }
    return m.addCode("default:\n$>").addStatement(training.noStage()).addCode("$<").endControlFlow().build();
  }

  private MethodSpec trainBackward(List<String> zeroed) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("trainBackward")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.INT, "stage")
        .addParameter(p.arrayType(), "outputGradients")
        .addParameter(TypeName.INT, "n")
        .addStatement("check(n)")
        .beginControlFlow("switch (stage)");
    int last = training.stages() - 1;
    List<String> clears = clears(zeroed);
    for (int s = last; s >= 0; s--) {
      m.addCode("case $L:\n$>", s);
      if (s == last) {
        m.beginControlFlow("for (int k = 0; k < n; k++)");
        clears.forEach(name -> m.addStatement("$L(rows[k])", name));
        m.addStatement("$T.arraycopy(outputGradients, k * OUTPUT_SIZE, rows[k].$L, 0, OUTPUT_SIZE)", System.class,
            outputGrad).endControlFlow();
      }
      List<Call> calls = new ArrayList<>();
      for (int i = training.backwardEnd(s) - 1; i >= training.backwardStart(s); i--) {
        TrainingApi.LayerMethods layer = layers.get(i);
        boolean batched = layer.batch().isPresent() && layer.training().isEmpty();
        calls.add(batched ? new Call(layer.batch().get().backward().name(), false, true)
            : new Call(layer.backward().name(), false, false));
      }
      passes("stage" + s + "Backward", calls, false).forEach(name -> m.addStatement("$L(rows, n)", name));
      m.addStatement("return").addCode("$<");
    }
    return m.addCode("default:\n$>").addStatement(training.noStage()).addCode("$<").endControlFlow().build();
  }

  private MethodSpec sums(String name) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.INT, "stage")
        .addParameter(double[].class, "sums")
        .addParameter(TypeName.INT, "n")
        .addStatement("check(n)")
        .beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("rows[k].$L(stage, sums)", name)
        .endControlFlow()
        .build();
  }

  /** {@code clear0(row)}...: each zeroes at most {@link #CALLS_PER_METHOD} of a row's activation gradients. */
  private List<String> clears(List<String> zeroed) {
    List<String> names = new ArrayList<>();
    for (int from = 0; from < zeroed.size(); from += CALLS_PER_METHOD) {
      MethodSpec.Builder clear = MethodSpec.methodBuilder("clear" + names.size())
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(self, "row");
      zeroed.subList(from, Math.min(zeroed.size(), from + CALLS_PER_METHOD))
          .forEach(buffer -> clear.addStatement("$T.fill(row.$L, $L)", Arrays.class, buffer, p.literal(0)));
      names.add("clear" + names.size());
      helpers.add(clear.build());
    }
    return names;
  }

  /**
   * The pass as methods {@code name0(rows, n[, seeds])}, {@code name1}...: segments as loops over the rows of at
   * most {@link #CALLS_PER_METHOD} calls each, batch forms once, at most that many calls a method.
   */
  private List<String> passes(String name, List<Call> calls, boolean withSeeds) {
    List<List<Call>> statements = new ArrayList<>();
    List<Call> run = new ArrayList<>();
    for (Call call : calls) {
      if (call.batch()) {
        if (!run.isEmpty()) {
          statements.add(run);
          run = new ArrayList<>();
        }
        statements.add(List.of(call));
      } else {
        run.add(call);
        if (run.size() == CALLS_PER_METHOD) {
          statements.add(run);
          run = new ArrayList<>();
        }
      }
    }
    if (!run.isEmpty()) {
      statements.add(run);
    }
    List<String> names = new ArrayList<>();
    MethodSpec.Builder method = null;
    int size = 0;
    for (List<Call> statement : statements) {
      if (method == null || size + statement.size() > CALLS_PER_METHOD) {
        if (method != null) {
          helpers.add(method.build());
        }
        method = MethodSpec.methodBuilder(name + names.size())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(ArrayTypeName.of(self), "rows")
            .addParameter(TypeName.INT, "n");
        if (withSeeds) {
          method.addParameter(long[].class, "seeds");
        }
        names.add(name + names.size());
        size = 0;
      }
      size += statement.size();
      method.addCode(statement(statement));
    }
    if (method != null) {
      helpers.add(method.build());
    }
    return names;
  }

  /** A batch form's call, or a segment's loop over the rows. */
  private CodeBlock statement(List<Call> calls) {
    if (calls.get(0).batch()) {
      return CodeBlock.builder().addStatement("$L(rows, n)", calls.get(0).name()).build();
    }
    CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("final $T row = rows[k]", self);
    if (calls.stream().anyMatch(Call::seeded)) {
      code.addStatement("final long seed = seeds[k]");
    }
    calls.forEach(call -> code.addStatement(call.seeded() ? "row.$L(seed)" : "row.$L()", call.name()));
    return code.endControlFlow().build();
  }
}
