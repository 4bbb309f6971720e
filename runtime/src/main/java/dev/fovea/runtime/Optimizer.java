package dev.fovea.runtime;

/** Updates parameters in place from the batch-mean gradient. */
@FunctionalInterface
public interface Optimizer {

  /**
   * One update step. {@code grads} is already the mean over the batch and has the same layout as
   * {@code params}; implementations size their state lazily to {@code params.length}.
   */
  void step(float[] params, float[] grads);

  /** The step size, for messages such as the trainer's divergence report; NaN when there is none. */
  default float learningRate() {
    return Float.NaN;
  }
}
