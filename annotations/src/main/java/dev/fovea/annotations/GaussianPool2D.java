package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Weighted average pooling per channel: each window's cells are weighted by a Gaussian of their distance from the
 * window's centre, {@code exp(-d^2 / (2 sigma^2))}, normalised to sum 1. The weights are fixed (computed at compile
 * time), not trained; the output size is {@link AvgPool2D}'s without padding.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface GaussianPool2D {
  /** Window size: {@code 3} for 3x3 or {@code {3, 5}} for height 3, width 5; at most 1,024 cells (32x32). */
  int[] value();

  /** Strides; the window size when empty. */
  int[] strides() default {};

  /** The Gaussian's standard deviation in cells; more than 0. */
  double sigma() default 1.0;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
