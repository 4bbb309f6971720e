package dev.fovea.annotations;

/**
 * The kernels of {@link FixedConv2D}, written as cross-correlation kernels as convolution layers apply them (row
 * by row, top row first).
 */
public enum FixedKernel {
  /** Sobel's horizontal derivative {@code {-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}: positive where values grow to the right, so it finds vertical edges; 3x3. */
  SOBEL_X,
  /** Sobel's vertical derivative {@code {-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}: positive where values grow downwards, so it finds horizontal edges; 3x3. */
  SOBEL_Y,
  /** A box blur: every weight 1 / (height x width), the plain average of the window; any size. */
  BOX,
  /** A Gaussian blur: weights exp(-d^2 / (2 sigma^2)) by distance d from the centre, normalised to sum 1. */
  GAUSSIAN,
  /** 1 at the centre and 0 elsewhere; odd sizes only, so there is a centre. */
  IDENTITY,
  /** The weights given in {@link FixedConv2D#weights()}, row by row. */
  CONSTANTS
}
