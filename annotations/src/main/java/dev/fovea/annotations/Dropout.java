package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dropout (PyTorch's nn.Dropout, Keras' Dropout): in training, each value is zeroed with probability {@code rate}
 * and the rest are scaled by 1 / (1 - rate); in evaluation it passes its input through. The masks come from a
 * seed per sample, so training gives the same weights on any number of threads.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dropout {
  /** The probability of zeroing a value, in [0, 1). */
  double rate() default 0.5;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
