package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * 1-D max pooling of each channel of a sequence [channels, length] (Keras' MaxPooling1D, PyTorch's
 * nn.MaxPool1d).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool1D {
  /** Window length. */
  int value();

  /** Step between windows; 0 (the default) means the window, as in Keras and PyTorch. */
  int strides() default 0;

  /**
   * Padding at each end, as PyTorch's {@code padding}; at most half the window. Padding cells never
   * win the maximum.
   */
  int padding() default 0;

  /**
   * Whether the output length rounds up, as PyTorch's {@code ceil_mode}: a last window that starts inside the
   * (left-padded) input but runs past its end still counts.
   */
  boolean ceil() default false;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
