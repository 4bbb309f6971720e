package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The shape of one input sample, channels x height x width (Keras' input_shape, channels first). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
  int channels() default 1;

  int height();

  int width();
}
