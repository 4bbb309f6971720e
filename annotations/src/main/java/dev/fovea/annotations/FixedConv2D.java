package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A convolution with a fixed, non-trainable kernel, applied to each input channel on its own (so the output has
 * the input's channels): a preset (Sobel, box or Gaussian blur, identity) or given constants. The weights have
 * no gradient and no optimiser state; they are constants of the generated code and of the layer description, not
 * entries of the parameter file, and the summary counts them apart from the trained parameters.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface FixedConv2D {
  /** The kernel. */
  FixedKernel value();

  /** Kernel size: {@code 3} for 3x3 or {@code {3, 5}} for height 3, width 5; Sobel kernels are 3x3; at most
   * 1,024 cells (32x32) except for a box blur, which may have any size. */
  int[] size() default 3;

  /** The Gaussian's standard deviation in cells, for {@link FixedKernel#GAUSSIAN} only; more than 0. */
  double sigma() default 1.0;

  /** The kernel's height x width weights row by row, for {@link FixedKernel#CONSTANTS} only. */
  double[] weights() default {};

  /** Strides: {@code 2} for both directions or {@code {3, 2}} for vertical 3, horizontal 2. */
  int[] strides() default 1;

  /** Zero padding, as {@link Conv2D#padding()}: VALID, SAME, one amount, two or four. */
  int[] padding() default Padding.VALID;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
