package dev.fovea.annotations;

/**
 * Named values for {@link Conv2D#padding()}: {@code padding = SAME}, {@code padding = VALID},
 * or explicit zero-padding amounts such as {@code padding = 2} or {@code padding = {1, 2}}.
 */
public final class Padding {
  /** No padding: the kernel stays inside the input (Keras' "valid"). */
  public static final int VALID = 0;

  /** Pads so that the output is ceil(input / stride), extra cell at bottom/right (Keras' "same"). */
  public static final int SAME = -1;

  private Padding() {}
}
