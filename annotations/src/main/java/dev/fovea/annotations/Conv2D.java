package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A 2-D convolution layer (Keras' Conv2D, PyTorch's nn.Conv2d); parameters {@code name.weight}, {@code name.bias}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv2D {
  /** Number of output channels. */
  int filters();

  /** Kernel size: {@code 5} for 5x5 or {@code {5, 3}} for height 5, width 3. */
  int[] kernel();

  /** Strides: {@code 2} for both directions or {@code {3, 2}} for vertical 3, horizontal 2. */
  int[] strides() default 1;

  /**
   * Zero padding: {@link Padding#VALID}, {@link Padding#SAME}, one amount for every side, {@code
   * {vertical, horizontal}}, or {@code {top, bottom, left, right}}.
   */
  int[] padding() default Padding.VALID;

  /** Whether the layer adds a bias per output channel. */
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
