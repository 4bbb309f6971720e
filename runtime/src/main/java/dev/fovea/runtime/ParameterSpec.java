package dev.fovea.runtime;

import java.util.Arrays;
import java.util.Objects;

/** One named tensor inside a network's flat parameter array, as PyTorch's state_dict names it. */
public record ParameterSpec(
    String name, int[] shape, int offset, int length, int fanIn, int fanOut, String init) {

  /** Validates the entry and copies {@code shape} so the record stays immutable. */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(init, "init");
    shape = shape.clone();
    long product = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(name + ": non-positive dimension in shape " + shapeString(shape));
      }
      product *= d;
    }
    if (product != length) {
      throw new IllegalArgumentException(
          name + ": shape " + shapeString(shape) + " holds " + product + " values, not " + length);
    }
    if (offset < 0) {
      throw new IllegalArgumentException(name + ": negative offset " + offset);
    }
  }

  /** The prefix of the initialisers of non-trained state (a batch norm's running statistics). */
  public static final String BUFFER = "buffer:";

  /** Whether the optimiser trains this tensor; state such as a batch norm's running mean is saved, not trained. */
  public boolean trainable() {
    return !init.startsWith(BUFFER);
  }

  /** Whether the tensor counts (PyTorch's int64 {@code num_batches_tracked}): saved as I64, held as a float. */
  public boolean integer() {
    return init.equals(BUFFER + "count");
  }

  /** A copy of the shape; the record's own array is never handed out. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The shape written like PyTorch prints it in error messages: {@code [6,1,5,5]}. */
  public String shapeString() {
    return shapeString(shape);
  }

  static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p
        && name.equals(p.name)
        && Arrays.equals(shape, p.shape)
        && offset == p.offset
        && length == p.length
        && fanIn == p.fanIn
        && fanOut == p.fanOut
        && init.equals(p.init);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), offset, length, fanIn, fanOut, init);
  }

  @Override
  public String toString() {
    return name + shapeString() + "@" + offset + " (" + init + ", fan " + fanIn + "/" + fanOut + ")";
  }
}
