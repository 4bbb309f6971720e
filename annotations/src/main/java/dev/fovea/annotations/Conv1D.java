package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 1-D convolution over a sequence [channels, length] (Keras' Conv1D, PyTorch's nn.Conv1d); parameters
 * {@code name.weight [filters, channels, kernel]} and {@code name.bias [filters]}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv1D {
  /** Number of output channels. */
  int filters();

  /** Kernel length. */
  int kernel();

  /** Step between output cells along the sequence. */
  int strides() default 1;

  /**
   * Zero padding: {@link Padding#VALID}, {@link Padding#SAME}, one amount for both ends, or {@code {left, right}}
   * ({@code {kernel - 1, 0}} is Keras' "causal").
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
