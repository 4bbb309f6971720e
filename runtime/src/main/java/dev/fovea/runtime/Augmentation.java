package dev.fovea.runtime;

/**
 * Seeded training-time augmentation: a random crop of the image padded by {@code cropPadding} pixels, a
 * horizontal flip with probability 1/2, and a random translation by up to {@code translate} of the height and
 * width. Uncovered pixels take {@code fill} (the value a black pixel has after preprocessing).
 *
 * <p>Each sample's draws come from a hash of (seed, epoch, sample index) alone, so the augmented data, and
 * hence the weights, are the same on any number of threads and when training resumes mid-epoch.
 */
public record Augmentation(int cropPadding, boolean flip, double translate, float fill) {

  /** No augmentation. */
  public static final Augmentation NONE = new Augmentation(0, false, 0, 0);

  /** Checks every option's range. */
  public Augmentation {
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must not be negative, got " + cropPadding);
    }
    if (!(translate >= 0 && translate < 0.5)) {
      throw new IllegalArgumentException("translation must be a fraction in [0, 0.5), got " + translate);
    }
    if (!Float.isFinite(fill)) {
      throw new IllegalArgumentException("fill value must be finite, got " + fill);
    }
  }

  /** Whether this changes any image. */
  public boolean active() {
    return cropPadding > 0 || flip || translate > 0;
  }

  /**
   * The per-sample key: depends on the seed, the epoch and the sample's index in the data set only. Public so that
   * trainers elsewhere (fovea-spark) draw the same augmentation and dropout masks as {@link Trainer}.
   */
  public static long key(long seed, int epoch, int sample) {
    return mix(mix(seed + 0x9E3779B97F4A7C15L * epoch) + sample);
  }

  /**
   * Writes sample {@code src[offset ..]} (C x H x W), augmented with the draws of {@code key}, into {@code dst}
   * from {@code dstOffset}; allocates nothing.
   */
  void apply(float[] src, int offset, int channels, int height, int width, long key, float[] dst, int dstOffset) {
    long r1 = mix(key);
    long r2 = mix(r1);
    long r3 = mix(r2);
    int maxY = cropPadding + (int) Math.floor(translate * height);
    int maxX = cropPadding + (int) Math.floor(translate * width);
    int dy = draw(r1, maxY);
    int dx = draw(r2, maxX);
    boolean mirror = flip && (r3 & 1) == 1;
    for (int c = 0; c < channels; c++) {
      int plane = offset + c * height * width;
      int out = dstOffset + c * height * width;
      for (int y = 0; y < height; y++) {
        int sy = y + dy;
        for (int x = 0; x < width; x++) {
          int sx = x + dx;
          if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
            dst[out + y * width + x] = fill;
          } else {
            dst[out + y * width + x] = src[plane + sy * width + (mirror ? width - 1 - sx : sx)];
          }
        }
      }
    }
  }

  /** A uniform integer in [-max, max] from the high bits of {@code random}. */
  private static int draw(long random, int max) {
    return max == 0 ? 0 : (int) ((random >>> 33) % (2L * max + 1)) - max;
  }

  // SplitMix64's finaliser: a stateless, well-mixed hash, so no generator object lives per sample.
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
