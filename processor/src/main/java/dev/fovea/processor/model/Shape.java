package dev.fovea.processor.model;

/**
 * The shape of one sample's activations, channels x height x width; a flat vector has {@code flat} set, and a
 * sequence (channels x length, for the one-dimensional kinds) is held as height 1 with {@code sequence} set, so
 * that every kernel written for planes runs it unchanged.
 */
public record Shape(int channels, int height, int width, boolean flat, boolean sequence) {

  public static Shape spatial(int channels, int height, int width) {
    return new Shape(channels, height, width, false, false);
  }

  /** A sequence [channels, length]. */
  public static Shape sequence(int channels, int length) {
    return new Shape(channels, 1, length, false, true);
  }

  public static Shape vector(int units) {
    return new Shape(units, 1, 1, true, false);
  }

  public int size() {
    return channels * height * width;
  }

  /** The spatial area of one channel. */
  public int area() {
    return height * width;
  }

  /** The same height and width (or length) with another number of channels. */
  public Shape withChannels(int count) {
    return new Shape(count, height, width, flat, sequence);
  }

  @Override
  public String toString() {
    return flat ? "[" + channels + "]"
        : sequence ? "[" + channels + ", " + width + "]"
        : "[" + channels + ", " + height + ", " + width + "]";
  }
}
