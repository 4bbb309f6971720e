package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise separable convolution (Keras' SeparableConv2D, Xception's): a depthwise convolution without bias,
 * then a 1x1 convolution to {@code filters} channels with the bias, then the activation. Parameters
 * {@code name.depthwise.weight [C x M, 1, kh, kw]}, {@code name.pointwise.weight [filters, C x M, 1, 1]} and
 * {@code name.pointwise.bias [filters]}, as two PyTorch convolutions named depthwise and pointwise.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface SeparableConv2D {
  /** Number of output channels of the pointwise convolution. */
  int filters();

  /** Kernel size of the depthwise convolution: {@code 3} for 3x3 or {@code {3, 5}}. */
  int[] kernel();

  /** Strides: {@code 2} for both directions or {@code {3, 2}} for vertical 3, horizontal 2. */
  int[] strides() default 1;

  /** Zero padding, as {@link Conv2D#padding()}: VALID, SAME, one amount, two or four. */
  int[] padding() default Padding.VALID;

  /** How many output channels each input channel gives (Keras' depth_multiplier). */
  int depthMultiplier() default 1;

  /** Whether the pointwise convolution adds a bias per filter (the depthwise one never does, as in Keras). */
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
