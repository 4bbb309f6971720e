package dev.fovea.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled images in one flat array (sample-major, each C x H x W, scaled to [0, 1]).
 *
 * <p>The arrays are held, not copied, so that 60,000 images are not duplicated; treat them as
 * read-only.
 */
public record Dataset(
    String name, int channels, int height, int width, float[] images, int[] labels, int classes) {

  /** Checks that the arrays agree with the shape and every label lies in [0, classes). */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          name + ": image shape " + channels + "x" + height + "x" + width + " must be positive");
    }
    if (classes <= 0) {
      throw new IllegalArgumentException(name + ": classes must be positive, got " + classes);
    }
    long expected = (long) labels.length * channels * height * width;
    if (images.length != expected) {
      throw new IllegalArgumentException(name + ": " + images.length + " image values for " + labels.length
          + " samples of " + channels + "x" + height + "x" + width + " (expected " + expected + ")");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            name + ": label " + labels[i] + " of sample " + i + " out of range [0, " + classes + ")");
      }
    }
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  /** Floats per sample: channels x height x width. */
  public int imageSize() {
    return channels * height * width;
  }

  /** Offset of sample {@code index} in {@link #images()}, as {@link Model#forward} takes it. */
  public int offset(int index) {
    return index * imageSize();
  }

  /** A copy of samples [from, to). */
  public Dataset slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size());
    int s = imageSize();
    return new Dataset(name + "[" + from + ":" + to + "]", channels, height, width,
        Arrays.copyOfRange(images, from * s, to * s), Arrays.copyOfRange(labels, from, to), classes);
  }

  /** The mean and standard deviation of every pixel value, for {@link #standardized}. */
  public double[] pixelMeanAndStd() {
    double sum = 0;
    double squares = 0;
    for (float v : images) {
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / images.length;
    return new double[] {mean, Math.sqrt(Math.max(squares / images.length - mean * mean, 0))};
  }

  /**
   * A copy with every value mapped to (v - mean) / std, as torchvision's Normalize does: zero-mean inputs
   * keep sigmoid and tanh layers out of saturation early in training.
   */
  public Dataset standardized(double mean, double std) {
    if (!(std > 0)) {
      throw new IllegalArgumentException(name + ": standard deviation must be positive, got " + std);
    }
    float[] out = new float[images.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((images[i] - mean) / std);
    }
    return new Dataset(name, channels, height, width, out, labels, classes);
  }

  /** A copy with every value v mapped to 1 - v: dark strokes on light paper become light on dark. */
  public Dataset inverted() {
    float[] out = new float[images.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 1f - images[i];
    }
    return new Dataset(name, channels, height, width, out, labels, classes);
  }

  /**
   * A seeded split for validation: {@code fraction} of the samples, drawn at random with {@code seed}, become
   * the second set, the rest the first; both keep the original order.
   */
  public TrainTest split(double fraction, long seed) {
    int n = size();
    int held = (int) Math.round(fraction * n);
    if (!(fraction > 0 && fraction < 1) || held == 0 || held == n) {
      throw new IllegalArgumentException(name + ": a validation fraction of " + fraction + " of " + n
          + " samples leaves one side empty; use a fraction in (0, 1) that keeps samples on both sides");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] validation = new boolean[n];
    for (int i = 0; i < held; i++) {
      validation[order[i]] = true;
    }
    return new TrainTest(pick(validation, false, n - held, "train"), pick(validation, true, held, "validation"));
  }

  private Dataset pick(boolean[] chosen, boolean which, int count, String part) {
    int s = imageSize();
    float[] out = new float[count * s];
    int[] outLabels = new int[count];
    int k = 0;
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i] == which) {
        System.arraycopy(images, i * s, out, k * s, s);
        outLabels[k++] = labels[i];
      }
    }
    return new Dataset(name + " (" + part + ")", channels, height, width, out, outLabels, classes);
  }

  @Override
  public String toString() {
    return name + " (" + size() + " x " + channels + "x" + height + "x" + width + ", " + classes + " classes)";
  }
}
