package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shape of one input sample: an image, channels x height x width (Keras' input_shape, channels first), or a
 * sequence, channels x length, for the one-dimensional kinds ({@code @Conv1D}...). Give height and width, or length.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
  int channels() default 1;

  /** An image's height; leave out for a sequence. */
  int height() default 0;

  /** An image's width; leave out for a sequence. */
  int width() default 0;

  /** A sequence's length (time steps, characters...); leave out for an image. */
  int length() default 0;
}
