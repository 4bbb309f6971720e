package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds the outputs of two or more layers of one shape, element by element, then applies the activation: a
 * residual block's {@code relu(bn2(conv2(x)) + shortcut)} is {@code @Add(from = {"bn2", "shortcut"}, activation =
 * RELU)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Add {
  /** The layers to add, by name ({@code "input"} for the network's input), at least two, all declared above. */
  String[] from();

  Activation activation() default Activation.LINEAR;

  /** The layer's name; the field's name when empty. */
  String name() default "";
}
