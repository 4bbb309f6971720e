package dev.fovea.runtime;

import dev.fovea.api.GeneratedBatch;
import dev.fovea.api.GeneratedNetwork;

/**
 * The training surface of a hand-written network without batch norm: one stage, so training is forward then
 * backward, and no batch sums. The test networks extend it, as generated classes write the same methods.
 */
public abstract class OneStageNet implements GeneratedNetwork {
  public abstract float[] forward(float[] in, int offset);

  public abstract void backward(float[] outputGradient);

  public float[] trainForward(int stage, float[] in, int offset, long seed) {
    checkStage(stage);
    return forward(in, offset);
  }

  public void trainBackward(int stage, float[] outputGradient) {
    checkStage(stage);
    backward(outputGradient);
  }

  public GeneratedBatch batch(int capacity) {
    return new ReplayBatch(this, capacity);
  }

  public void forwardSums(int stage, double[] sums) {
    throw noBatchNorm(stage);
  }

  public void backwardSums(int stage, double[] sums) {
    throw noBatchNorm(stage);
  }

  public void setForwardStatistics(int stage, double[] sums, int batch) {
    throw noBatchNorm(stage);
  }

  public void setBackwardStatistics(int stage, double[] sums, int batch) {
    throw noBatchNorm(stage);
  }

  private static void checkStage(int stage) {
    if (stage != 0) {
      throw new IllegalArgumentException("no stage " + stage);
    }
  }

  private static IllegalArgumentException noBatchNorm(int stage) {
    return new IllegalArgumentException("no batch norm opens stage " + stage);
  }
}
