package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose annotated fields, in source order, are the layers of a convolutional network.
 *
 * <p>The annotation processor writes a class named after this one with the suffix {@code Net}
 * (for {@code LeNet5}, {@code LeNet5Net}) holding the forward and backward passes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
  /** The shape of one input sample. */
  Input input();

  /** Optional class labels, one per output unit, used by evaluation and reports. */
  String[] labels() default {};
}
