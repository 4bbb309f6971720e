package dev.fovea.processor.model;

import dev.fovea.annotations.FixedKernel;
import java.util.List;

/** The weights of fixed (non-trainable) kernels and of Gaussian pooling, row by row, computed in double. */
public final class FixedKernels {
  /**
   * The most weights written into generated code, as one string constant of at most 25 characters per weight, so
   * far below the class file's 65,535 bytes per constant (a box blur of any size is one literal).
   */
  public static final int MAX_WEIGHTS = 1024;

  private FixedKernels() {}

  /** exp(-(dy^2 + dx^2) / (2 sigma^2)) by offset from the window's centre ((h - 1) / 2, (w - 1) / 2), summing to 1. */
  public static double[] gaussian(int height, int width, double sigma) {
    double[] weights = new double[height * width];
    double sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double dy = y - (height - 1) / 2.0;
        double dx = x - (width - 1) / 2.0;
        weights[y * width + x] = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma));
        sum += weights[y * width + x];
      }
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /**
   * A preset's weights; CONSTANTS returns {@code constants}, which the caller has checked has height x width. Not
   * for BOX, whose one weight {@link #boxWeight} gives without an array of any size.
   */
  public static double[] of(FixedKernel kernel, int height, int width, double sigma, List<Double> constants) {
    return switch (kernel) {
      case SOBEL_X -> new double[] {-1, 0, 1, -2, 0, 2, -1, 0, 1};
      case SOBEL_Y -> new double[] {-1, -2, -1, 0, 0, 0, 1, 2, 1};
      case BOX -> throw new IllegalArgumentException("a box blur has one weight: boxWeight");
      case GAUSSIAN -> gaussian(height, width, sigma);
      case IDENTITY -> identity(height, width);
      case CONSTANTS -> constants.stream().mapToDouble(Double::doubleValue).toArray();
    };
  }

  /** Every weight of a box blur: one over the window's cells. */
  public static double boxWeight(int height, int width) {
    return 1.0 / ((double) height * width);
  }

  private static double[] identity(int height, int width) {
    double[] weights = new double[height * width];
    weights[(height / 2) * width + width / 2] = 1;
    return weights;
  }
}
