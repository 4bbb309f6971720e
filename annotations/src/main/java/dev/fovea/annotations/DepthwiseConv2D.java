package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise convolution (Keras' DepthwiseConv2D, PyTorch's nn.Conv2d with groups = channels): each input channel
 * c has its own depthMultiplier kernels, giving output channels c x depthMultiplier .. + depthMultiplier - 1.
 * Parameters {@code name.weight [C x M, 1, kh, kw]} and {@code name.bias [C x M]}, PyTorch's layout.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface DepthwiseConv2D {
  /** Kernel size: {@code 3} for 3x3 or {@code {3, 5}} for height 3, width 5. */
  int[] kernel();

  /** Strides: {@code 2} for both directions or {@code {3, 2}} for vertical 3, horizontal 2. */
  int[] strides() default 1;

  /** Zero padding, as {@link Conv2D#padding()}: VALID, SAME, one amount, two or four. */
  int[] padding() default Padding.VALID;

  /** How many output channels each input channel gives (Keras' depth_multiplier). */
  int depthMultiplier() default 1;

  /** Whether the layer adds a bias per output channel. */
  boolean bias() default true;

  Activation activation() default Activation.LINEAR;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
