package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 2-D max pooling per channel (Keras' MaxPooling2D, PyTorch's nn.MaxPool2d). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool2D {
  /** Window size: {@code 2} for 2x2 or {@code {2, 3}} for height 2, width 3. */
  int[] value();

  /** Strides; the window size when empty, as in Keras and PyTorch. */
  int[] strides() default {};

  /**
   * Padding per side: {@code 1} for all four or {@code {1, 2}} for vertical, horizontal, as PyTorch's
   * {@code padding}; at most half the window. Padding cells never win the maximum.
   */
  int[] padding() default 0;

  /**
   * Whether the output size rounds up, as PyTorch's {@code ceil_mode}: a last window that starts inside the
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
