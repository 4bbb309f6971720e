package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer (Keras' Dense, PyTorch's nn.Linear). A spatial input is flattened first,
 * channels x height x width in that order, as PyTorch's nn.Flatten does.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {
  /** Number of output units. */
  int units();

  /** Whether the layer adds a bias per unit. */
  boolean bias() default true;

  Activation activation() default Activation.LINEAR;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
