package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Writes one layer's forward and backward methods and any scratch buffers they need. */
public interface LayerEmitter {
  /** Buffers besides the output and its gradient, e.g. a zero-padded copy of the input. */
  List<FieldSpec> scratchBuffers();

  MethodSpec forward();

  MethodSpec backward();

  /** Further private methods the forward or backward method calls, e.g. to stay under the JIT's size limit. */
  default List<MethodSpec> helpers() {
    return List.of();
  }

  static String forwardName(LayerPlan layer) {
    return member(layer.name(), "Forward");
  }

  static String backwardName(LayerPlan layer) {
    return member(layer.name(), "Backward");
  }

  /**
   * The identifier of what a layer owns in generated code, a buffer or a method: dots in the name become '_'
   * (the parser refuses two names that then meet, such as {@code a.b} and {@code a_b}).
   */
  static String member(String layer, String suffix) {
    return javaName(layer) + suffix;
  }

  /** The layer's name as a Java identifier: dots become '_'. */
  static String javaName(String layer) {
    return layer.replace('.', '_');
  }

  static String member(LayerPlan layer, String suffix) {
    return member(layer.name(), suffix);
  }

  /** A private layer method with its shape comment. */
  static MethodSpec method(String name, String javadoc, CodeBlock code) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(javadoc)
        .addCode(code)
        .build();
  }

  /** Closes the innermost {@code count} open loops. */
  static void close(CodeBlock.Builder code, int count) {
    for (int i = 0; i < count; i++) {
      code.endControlFlow();
    }
  }

  /** The Javadoc line at the head of both methods: name, kind and shapes. */
  static String describe(LayerPlan layer) {
    return layer.name() + ": " + layer.spec().kindName() + " " + layer.input() + " -> " + layer.output();
  }
}
