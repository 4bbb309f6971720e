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

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
