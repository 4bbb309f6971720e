package dev.fovea.processor.model;

import java.util.List;

/** One named parameter tensor and where it lives in the flat parameter array. */
public record ParamPlan(String name, List<Integer> shape, int offset, int fanIn, int fanOut, String init) {

  public ParamPlan {
    shape = List.copyOf(shape);
  }

  /** Whether the optimiser trains it; a batch norm's running statistics ("buffer:" initialisers) are state. */
  public boolean trainable() {
    return !init.startsWith("buffer:");
  }

  public int length() {
    return shape.stream().reduce(1, (a, b) -> a * b);
  }
}
