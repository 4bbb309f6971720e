package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stacks the outputs of two or more layers along the channels, in the order named, as an Inception module joins
 * its branches; every input has the same height and width (or every input is flat, and the vectors are joined).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Concat {
  /** The layers to join, by name ({@code "input"} for the network's input), at least two, all declared above. */
  String[] from();

  /** The layer's name; the field's name when empty. */
  String name() default "";
}
