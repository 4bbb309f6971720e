package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The mean of each channel over the whole sequence: [channels, length] in, a flat [channels] out (Keras'
 * GlobalAveragePooling1D, PyTorch's nn.AdaptiveAvgPool1d(1) followed by a flatten).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface GlobalAvgPool1D {
  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
