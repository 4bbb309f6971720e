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

  /**
   * Sets the step size for the following steps, as learning-rate schedules do.
   *
   * @throws UnsupportedOperationException if this optimiser has no adjustable learning rate
   */
  default void setLearningRate(float rate) {
    throw new UnsupportedOperationException(this + " has no adjustable learning rate, so it cannot follow a "
        + "learning-rate schedule");
  }

  /**
   * The optimiser's per-parameter state (moments, velocities), each {@code parameterCount} floats, allocated
   * if needed; checkpoints save and restore these arrays in place. Empty for a stateless optimiser.
   */
  default float[][] state(int parameterCount) {
    return new float[0][];
  }

  /** Steps taken so far, for optimisers whose update depends on it (Adam's bias correction); else 0. */
  default long iterations() {
    return 0;
  }

  /** Restores {@link #iterations()} from a checkpoint. */
  default void restoreIterations(long iterations) {}
}
