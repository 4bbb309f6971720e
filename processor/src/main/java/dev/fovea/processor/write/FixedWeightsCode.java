package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import javax.lang.model.element.Modifier;

/**
 * Fixed weights as code: one literal when every weight is the same (a box blur of any size), else a static array
 * row by row, which the exported classifier copies with the forward method that reads it. The array is parsed
 * from one string constant, so the class initializer stays a few bytes per layer (an array initializer costs about
 * 8 bytes of bytecode per weight, and every layer's would share the one static initializer and its 64 KB).
 */
final class FixedWeightsCode {
  private final LayerPlan layer;
  private final Precision p;
  private final double[] weights;
  private final double uniform;

  /** {@code weights} row by row, or null with {@code uniform} the one weight of every cell. */
  FixedWeightsCode(LayerPlan layer, Precision precision, double[] weights, double uniform) {
    this.layer = layer;
    this.p = precision;
    this.weights = weights;
    this.uniform = uniform;
  }

  private String name() {
    return LayerEmitter.member(layer, "Weights");
  }

  /** The static array, or nothing when one literal serves. */
  List<FieldSpec> fields() {
    if (weights == null) {
      return List.of();
    }
    // Double.toString reads back as the same double, whose narrowing is the float literal's value.
    String literals = DoubleStream.of(weights).mapToObj(Double::toString).collect(Collectors.joining(","));
    return List.of(FieldSpec.builder(double[].class, name(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L: the fixed weights, row by row; not parameters, never trained.\n", layer.name())
        .initializer(CodeBlock.of("$T.stream($S.split($S)).mapToDouble($T::parseDouble).toArray()", Arrays.class,
            literals, ",", Double.class))
        .build());
  }

  /** The weight at row-by-row index {@code index} (an expression). */
  String at(String index) {
    return weights == null ? p.number(uniform) : "(" + p.narrow() + name() + "[" + index + "])";
  }
}
