package dev.fovea.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.op.LayerKinds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes a forward-only network as a nested class: the very forward methods the processor generates (so
 * outputs are bit-identical to the runtime's), with the buffers they read, and no backward pass or gradients.
 * One instance holds one thread's activations; instances share the parameter array.
 */
public final class InferenceWriter {
  private InferenceWriter() {}

  /**
   * A {@code private static final class} named {@code name} with a constructor taking the parameters, a
   * package-visible {@code float[] input} to fill, and {@code float[] run()} returning the last layer's output
   * (logits for SOFTMAX, as the generated {@code forward} returns).
   */
  public static TypeSpec write(NetworkPlan plan, String name) {
    return builder(plan, name, Backend.PORTABLE).addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .build();
  }

  /**
   * The same class on either backend, without modifiers, for the caller to place: on {@link Backend#VECTOR} it
   * runs the vector class's forward methods (bit-identical to the runtime's vector class on the same machine)
   * and has {@code public static int vectorLanes()}, and needs jdk.incubator.vector to compile and run.
   */
  public static TypeSpec.Builder builder(NetworkPlan plan, String name, Backend backend) {
    Precision p = Precision.FLOAT;
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addJavadoc("The forward pass of $L with one thread's activations; instances share the parameters.\n",
            plan.spec().userClassName());
    type.addFields(Index.offsetConstants(plan));
    if (backend == Backend.VECTOR) {
      type.addFields(List.of(VectorCode.fields(p)));
      type.addField(VectorCode.lanesField(p));
    }
    type.addField(FieldSpec.builder(p.arrayType(), "params", Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(p.arrayType(), "input", Modifier.FINAL)
        .addJavadoc("The sample to classify, C x H x W, already preprocessed.\n")
        .initializer("new $T[$L]", p.type(), plan.input().size())
        .build());
    List<MethodSpec> methods = new ArrayList<>();
    List<FieldSpec> scratch = new ArrayList<>();
    List<MethodSpec> helpers = new ArrayList<>();
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addJavadoc("Runs {@link #input} through every layer and returns the live output buffer.\n");
    for (int i = 0; i < plan.layers().size(); i++) {
      LayerPlan layer = plan.layers().get(i);
      Wiring wiring = Wiring.of(layer);
      LayerEmitter emitter = LayerKinds.emitter(layer, p, wiring, backend);
      MethodSpec forward = emitter.forward();
      methods.add(forward);
      run.addStatement("$L()", forward.name());
      type.addField(FieldSpec.builder(p.arrayType(), wiring.out(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L: output activations $L.\n", layer.name(), layer.output())
          .initializer("new $T[$L]", p.type(), layer.output().size())
          .build());
      scratch.addAll(emitter.scratchBuffers());
      helpers.addAll(emitter.helpers());
    }
    // Emitters declare the backward pass's buffers and helpers too; inference keeps only what forward reaches.
    Set<String> included = new HashSet<>();
    methods.forEach(m -> included.add(m.name()));
    for (int added = 0; added < methods.size(); added++) {
      String code = methods.get(added).code().toString();
      for (MethodSpec helper : helpers) {
        if (!included.contains(helper.name()) && mentions(code, helper.name() + "(")) {
          methods.add(helper);
          included.add(helper.name());
        }
      }
    }
    String reached = methods.stream().map(m -> m.code().toString()).collect(Collectors.joining("\n"));
    for (FieldSpec buffer : scratch) {
      if (mentions(reached, buffer.name())) {
        type.addField(buffer);
      }
    }
    run.addStatement("return $L", NetworkWriter.out(plan.last()));
    type.addMethod(MethodSpec.constructorBuilder()
        .addParameter(p.arrayType(), "params")
        .addStatement("this.params = params")
        .build());
    type.addMethod(run.build());
    type.addMethods(methods);
    if (mentions(reached, FmaCode.FIELD)) {
      type.addField(FmaCode.field());
      type.addMethod(FmaCode.detection());
    }
    if (backend == Backend.VECTOR) {
      // All of them: the exporter calls vectorLanes from outside.
      type.addMethods(VectorCode.methods(p));
    }
    return type;
  }

  /** Whether {@code code} names {@code identifier} (a field, or a method when it ends in "(") as a whole word. */
  private static boolean mentions(String code, String identifier) {
    String end = identifier.endsWith("(") ? "" : "\\b";
    return Pattern.compile("\\b" + Pattern.quote(identifier) + end).matcher(code).find();
  }
}
