package dev.fovea.processor.model;

/** The shape of one sample's activations, channels x height x width; a flat vector has {@code flat} set. */
public record Shape(int channels, int height, int width, boolean flat) {

  public static Shape spatial(int channels, int height, int width) {
    return new Shape(channels, height, width, false);
  }

  public static Shape vector(int units) {
    return new Shape(units, 1, 1, true);
  }

  public int size() {
    return channels * height * width;
  }

  /** The spatial area of one channel. */
  public int area() {
    return height * width;
  }

  @Override
  public String toString() {
    return flat ? "[" + channels + "]" : "[" + channels + ", " + height + ", " + width + "]";
  }
}
