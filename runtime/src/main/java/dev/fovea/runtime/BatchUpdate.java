package dev.fovea.runtime;

/**
 * The update after a batch's shards, as {@link Trainer} makes it and fovea-spark's driver repeats it: the shard
 * gradients summed in shard order and divided by the batch length, then clipping, weight decay and the optimiser.
 * One class for both, so that the order of every floating-point operation, hence the bits, is the same.
 */
public final class BatchUpdate {

  private final Optimizer optimizer;
  private final TrainingOptions options;
  private final float[] mean;
  private final int[][] trainableRanges;

  /** An update of {@code model}'s parameters by {@code optimizer} with {@code options}' clipping and decay. */
  public BatchUpdate(Model model, Optimizer optimizer, TrainingOptions options) {
    this.optimizer = optimizer;
    this.options = options;
    this.mean = new float[model.parameterCount()];
    this.trainableRanges = model.parameterSpecs().stream().filter(ParameterSpec::trainable)
        .map(p -> new int[] {p.offset(), p.offset() + p.length()})
        .sorted((a, b) -> Integer.compare(a[0], b[0]))
        .toArray(int[][]::new);
  }

  /** The mean gradient of the last {@link #mean(float[][], int, int)}, which {@link #step} then changes. */
  public float[] mean() {
    return mean;
  }

  /**
   * Sets the mean gradient to {@code shards[0] + ... + shards[count - 1]}, added in that order, divided by
   * {@code length}, and returns its sum of squares (not finite when training diverged).
   */
  public double mean(float[][] shards, int count, int length) {
    System.arraycopy(shards[0], 0, mean, 0, mean.length);
    for (int s = 1; s < count; s++) {
      float[] g = shards[s];
      for (int i = 0; i < mean.length; i++) {
        mean[i] += g[i];
      }
    }
    float divisor = length;
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= divisor;
    }
    return sumOfSquares(mean);
  }

  /**
   * Steps {@code params} with the mean gradient whose sum of squares is {@code squares}: clipped to the global
   * norm, then coupled (added to the gradient) or decoupled (applied to the weights) decay of the trained tensors
   * only, since a batch norm's running statistics are state, then the optimiser.
   */
  public void step(float[] params, double squares) {
    double norm = Math.sqrt(squares);
    if (options.clipNorm() > 0 && norm > options.clipNorm()) {
      float scale = (float) (options.clipNorm() / norm);
      for (int i = 0; i < mean.length; i++) {
        mean[i] *= scale;
      }
    }
    float decay = options.weightDecay();
    if (decay > 0 && !options.decoupledWeightDecay()) {
      for (int[] range : trainableRanges) {
        for (int i = range[0]; i < range[1]; i++) {
          mean[i] += decay * params[i];
        }
      }
    } else if (decay > 0) {
      float keep = 1f - optimizer.learningRate() * decay;
      for (int[] range : trainableRanges) {
        for (int i = range[0]; i < range[1]; i++) {
          params[i] *= keep;
        }
      }
    }
    optimizer.step(params, mean);
  }

  /** The sum of the squares of {@code values}, in double. */
  public static double sumOfSquares(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return sum;
  }
}
