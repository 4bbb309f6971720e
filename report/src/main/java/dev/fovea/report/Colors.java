package dev.fovea.report;

/** Colour scales for pictures and heat maps, as 0xRRGGBB, and images of float planes in them. */
final class Colors {
  // Viridis at nine evenly spaced stops: perceptually even and readable in grey print and for colour-blind readers.
  private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
      0xaddc30, 0xfde725};
  private static final int NEGATIVE = 0x2166ac;
  private static final int ZERO = 0xf7f7f7;
  private static final int POSITIVE = 0xb2182b;

  private Colors() {}

  /** Grey from black (0) to white (1). */
  static int gray(double t) {
    int v = (int) Math.round(clamp(t) * 255);
    return v << 16 | v << 8 | v;
  }

  /** Viridis from dark purple (0) to yellow (1). */
  static int viridis(double t) {
    double x = clamp(t) * (VIRIDIS.length - 1);
    int i = Math.min((int) x, VIRIDIS.length - 2);
    return mix(VIRIDIS[i], VIRIDIS[i + 1], x - i);
  }

  /** Blue (-1) through near-white (0) to red (1): signed values such as weights. */
  static int diverging(double t) {
    double c = Math.max(-1, Math.min(1, t));
    return c < 0 ? mix(ZERO, NEGATIVE, -c) : mix(ZERO, POSITIVE, c);
  }

  /** From white (0) to a deep blue (1): counts in a heat map. */
  static int heat(double t) {
    return mix(0xffffff, 0x08306b, clamp(t));
  }

  /** CSS for a colour. */
  static String css(int rgb) {
    return String.format("#%06x", rgb & 0xffffff);
  }

  /** Black or white, whichever reads better on {@code background}. */
  static String textOn(int background) {
    double luma = 0.299 * (background >> 16 & 0xff) + 0.587 * (background >> 8 & 0xff) + 0.114 * (background & 0xff);
    return luma > 140 ? "#111" : "#fff";
  }

  /** One plane (h x w floats from {@code offset}) stretched from its minimum to its maximum, as a PNG data URI. */
  static String plane(float[] values, int offset, int height, int width, boolean viridis) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < height * width; i++) {
      min = Math.min(min, values[offset + i]);
      max = Math.max(max, values[offset + i]);
    }
    // A constant plane (e.g. a dead ReLU channel) is drawn at the scale's bottom rather than dividing by zero.
    double range = max > min ? max - min : 1;
    int[] rgb = new int[height * width];
    for (int i = 0; i < rgb.length; i++) {
      double t = (values[offset + i] - min) / range;
      rgb[i] = viridis ? viridis(t) : gray(t);
    }
    return Png.dataUri(width, height, rgb);
  }

  private static double clamp(double t) {
    return Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
  }

  private static int mix(int a, int b, double t) {
    int r = (int) Math.round((a >> 16 & 0xff) + t * ((b >> 16 & 0xff) - (a >> 16 & 0xff)));
    int g = (int) Math.round((a >> 8 & 0xff) + t * ((b >> 8 & 0xff) - (a >> 8 & 0xff)));
    int bl = (int) Math.round((a & 0xff) + t * ((b & 0xff) - (a & 0xff)));
    return r << 16 | g << 8 | bl;
  }
}
