package dev.fovea.runtime;

import dev.fovea.api.GeneratedBatch;

/**
 * The micro-batch of a hand-written one-stage test network: one instance holds one sample's activations, so the
 * backward pass runs each sample's forward again before its backward, in sample order (forward is deterministic, so
 * the results are those of running each sample alone).
 */
final class ReplayBatch implements GeneratedBatch {
  private final OneStageNet net;
  private final int capacity;
  private final int inputSize;
  private final int outputSize;
  private final float[] samples;
  private final float[] outputs;
  private final float[] gradientRow;

  ReplayBatch(OneStageNet net, int capacity) {
    this.net = net;
    this.capacity = capacity;
    this.inputSize = net.info().inputSize();
    this.outputSize = net.info().outputSize();
    this.samples = new float[capacity * inputSize];
    this.outputs = new float[capacity * outputSize];
    this.gradientRow = new float[outputSize];
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public float[] forward(float[] in, int offset, int n) {
    check(n);
    for (int k = 0; k < n; k++) {
      System.arraycopy(net.forward(in, offset + k * inputSize), 0, outputs, k * outputSize, outputSize);
    }
    return outputs;
  }

  @Override
  public float[] trainForward(int stage, float[] in, int offset, int n, long[] seeds) {
    check(n);
    System.arraycopy(in, offset, samples, 0, n * inputSize);
    for (int k = 0; k < n; k++) {
      System.arraycopy(net.trainForward(stage, samples, k * inputSize, seeds[k]), 0, outputs, k * outputSize,
          outputSize);
    }
    return outputs;
  }

  @Override
  public void trainBackward(int stage, float[] outputGradients, int n) {
    check(n);
    for (int k = 0; k < n; k++) {
      net.trainForward(stage, samples, k * inputSize, 0);
      System.arraycopy(outputGradients, k * outputSize, gradientRow, 0, outputSize);
      net.trainBackward(stage, gradientRow);
    }
  }

  @Override
  public void forwardSums(int stage, double[] sums, int n) {
    net.forwardSums(stage, sums);
  }

  @Override
  public void backwardSums(int stage, double[] sums, int n) {
    net.backwardSums(stage, sums);
  }

  private void check(int n) {
    if (n < 1 || n > capacity) {
      throw new IllegalArgumentException(n + " samples for a micro-batch of " + capacity);
    }
  }
}
