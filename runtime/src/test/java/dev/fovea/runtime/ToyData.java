package dev.fovea.runtime;

import java.util.SplittableRandom;

/** Small, linearly separable 3-class data sets for training tests. */
final class ToyData {

  private ToyData() {}

  /** {@code n} samples of 4 values: class c has its mass on input c (and input 3 is noise). */
  static Dataset separable(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(3);
      labels[i] = label;
      for (int j = 0; j < 4; j++) {
        images[i * 4 + j] = (float) (random.nextDouble() * 0.3);
      }
      images[i * 4 + label] += 0.7f;
    }
    return new Dataset("toy", 1, 2, 2, images, labels, 3);
  }
}
