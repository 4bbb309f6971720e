package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A reusable block of layers, such as a residual block or an Inception module: a class whose fields are layers,
 * as in a {@code @Network}, used with {@link Use} as often as needed. Inside a block, {@code from = "input"} is the
 * block's input, the last layer is its output, and any whole-number attribute may be one of the use site's
 * arguments: {@code filters = ARG1} takes the first of {@code @Use(args = {...})}.
 *
 * <pre>{@code
 * @Block(args = {"planes", "stride"})
 * class BasicBlock {
 *   @Conv2D(filters = ARG1, kernel = 3, strides = ARG2, padding = 1, bias = false) Layer conv1;
 *   ...
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Block {
  /** The arguments' names, in order; a use site gives exactly this many values. */
  String[] args() default {};

  /** The first argument of the use site. */
  int ARG1 = -1_000_001;
  /** The second argument of the use site. */
  int ARG2 = -1_000_002;
  /** The third argument of the use site. */
  int ARG3 = -1_000_003;
  /** The fourth argument of the use site. */
  int ARG4 = -1_000_004;
  /** The fifth argument of the use site. */
  int ARG5 = -1_000_005;
  /** The sixth argument of the use site. */
  int ARG6 = -1_000_006;
  /** The seventh argument of the use site. */
  int ARG7 = -1_000_007;
  /** The eighth argument of the use site. */
  int ARG8 = -1_000_008;
}
