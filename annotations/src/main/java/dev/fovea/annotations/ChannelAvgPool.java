package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Average pooling across channels (the course's "pool over depth"): each output channel is the average of a window of
 * neighbouring input channels at each cell, height and width kept; with strides equal to the window (the default)
 * each channel is read once. Output channels: (channels - window) / strides + 1. No parameters.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ChannelAvgPool {
  /** How many neighbouring channels one output channel reads. */
  int value();

  /** The step between windows, in channels; 0 (the default) means the window, so windows do not overlap. */
  int strides() default 0;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
