package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Local response normalisation across channels (PyTorch's nn.LocalResponseNorm, AlexNet's LRN): each value is
 * divided by {@code (k + alpha / size * sum of squares over a window of size neighbouring channels) ^ beta}, the
 * window reaching {@code size / 2} channels below and {@code (size - 1) / 2} above, zeros past the first and last
 * channel. No parameters.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface LocalResponseNorm {
  /** The number of neighbouring channels summed, the channel itself included; AlexNet uses 5. */
  int size();

  /** The scale of the sum of squares, divided by {@code size} as PyTorch does; 0 or more. */
  double alpha() default 1e-4;

  /** The exponent of the divisor. */
  double beta() default 0.75;

  /** The additive constant of the divisor; more than 0, so it is never 0. */
  double k() default 1.0;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
