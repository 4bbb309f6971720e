package dev.fovea.processor.model;

import dev.fovea.annotations.Activation;

/** One layer as the user declared it, before shape inference; each layer kind (op.LayerKind) has its own. */
public interface LayerSpec {

  /** The layer's name, which prefixes its parameter names ({@code c1.weight}). */
  String name();

  /** The activation applied to the layer's output; pooling is always LINEAR. */
  Activation activation();

  /** A short kind name for summaries, as Keras prints it. */
  String kindName();

  /** Weights fixed at compile time (constants of the generated code, never trained), for the summary; 0 for most. */
  default long fixedWeights() {
    return 0;
  }
}
