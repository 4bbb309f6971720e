package dev.fovea.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.op.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
    Precision p = Precision.FLOAT;
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The forward pass of $L with one thread's activations; instances share the parameters.\n",
            plan.spec().userClassName());
    type.addFields(Index.offsetConstants(plan));
    type.addField(FieldSpec.builder(p.arrayType(), "params", Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(p.arrayType(), "input", Modifier.FINAL)
        .addJavadoc("The sample to classify, C x H x W, already preprocessed.\n")
        .initializer("new $T[$L]", p.type(), plan.input().size())
        .build());
    List<MethodSpec> forwards = new ArrayList<>();
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .returns(p.arrayType())
        .addJavadoc("Runs {@link #input} through every layer and returns the live output buffer.\n");
    for (int i = 0; i < plan.layers().size(); i++) {
      LayerPlan layer = plan.layers().get(i);
      Wiring wiring = Wiring.of(layer);
      // The portable emitters: the classifier needs nothing but the JDK, and matches the portable class bit for bit.
      LayerEmitter emitter = LayerKinds.emitter(layer, p, wiring, Backend.PORTABLE);
      MethodSpec forward = emitter.forward();
      forwards.add(forward);
      run.addStatement("$L()", forward.name());
      type.addField(FieldSpec.builder(p.arrayType(), wiring.out(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L: output activations $L.\n", layer.name(), layer.output())
          .initializer("new $T[$L]", p.type(), layer.output().size())
          .build());
      String code = forward.code().toString();
      for (FieldSpec scratch : emitter.scratchBuffers()) {
        // Emitters declare the backward pass's buffers too; an inference thread allocates only what it reads.
        if (Pattern.compile("\\b" + Pattern.quote(scratch.name()) + "\\b").matcher(code).find()) {
          type.addField(scratch);
        }
      }
    }
    run.addStatement("return $L", NetworkWriter.out(plan.last()));
    type.addMethod(MethodSpec.constructorBuilder()
        .addParameter(p.arrayType(), "params")
        .addStatement("this.params = params")
        .build());
    type.addMethod(run.build());
    type.addMethods(forwards);
    return type.build();
  }
}
