package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/**
 * One layer kind as one unit: its annotation and attribute checks, its shape rule and parameters, its spec-file
 * form for the exporter, and its kernels per backend. Every kind is listed once in {@link LayerKinds}; a kind
 * that leaves out a piece does not compile.
 *
 * @param <S> the kind's spec, the immutable form of one declared layer
 */
public interface LayerKind<S extends LayerSpec> {

  /** The qualified name of the annotation that declares a layer of this kind. */
  String annotation();

  /** The kind's name in summaries and spec files, as Keras prints it, e.g. {@code Conv2D}. */
  String kindName();

  Class<S> specType();

  /** The spec of one annotated field, or empty after reporting every mistake at its attribute. */
  Optional<S> parse(Attributes attributes, String name);

  /** The layer's output shape, parameters and costs, or null after reporting why it has none. */
  LayerPlan infer(S spec, LayerContext context);

  /** Writes the attributes that {@link #read} needs to rebuild the spec. */
  void write(S spec, SpecWriter out);

  /** The spec from its spec-file form, checked as strictly as {@link #parse} checks the annotation. */
  S read(SpecReader in, String name, Activation activation);

  /** The code of one layer's forward and backward pass on a backend. */
  LayerEmitter emitter(LayerPlan layer, S spec, Precision precision, Wiring wiring, Backend backend);

  /** Whether the kind joins two or more layers (Add, Concat); every other kind reads one. */
  default boolean merges() {
    return false;
  }

  /**
   * The output shape this kind has whatever its input, so shape checks can go on after an earlier layer failed;
   * empty for kinds whose output depends on the input.
   */
  default Optional<Shape> outputWithoutInput(S spec) {
    return Optional.empty();
  }
}
