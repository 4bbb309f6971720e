package dev.fovea.runtime;

/** Softmax cross-entropy on a network's output, with its gradient written into a caller buffer. */
public final class SoftmaxCrossEntropy {

  private SoftmaxCrossEntropy() {}

  /**
   * The loss {@code -log softmax(output)[label]} of one sample, writing dLoss/dOutput ({@code
   * softmax - onehot}) into {@code outputGradient}; allocates nothing.
   *
   * <p>For a SOFTMAX network the output is the logits because the generated code fuses softmax into
   * this loss. For every other activation the output is treated as logits too, which is what
   * PyTorch's {@code F.cross_entropy(net(x), y)} does, so results stay comparable.
   *
   * @param n how many leading values of {@code output} form the sample's output vector
   */
  public static double lossAndGradient(float[] output, int n, int label, float[] outputGradient) {
    checkLabel(label, n);
    double logSumExp = logSumExp(output, n);
    for (int i = 0; i < n; i++) {
      double p = Math.exp(output[i] - logSumExp);
      outputGradient[i] = (float) (i == label ? p - 1.0 : p);
    }
    return logSumExp - output[label];
  }

  /**
   * Cross-entropy against the label smoothed as Keras and PyTorch do: the target is {@code 1 - smoothing}
   * on the label plus {@code smoothing / n} on every output. Its gradient is {@code softmax - target}.
   * With {@code smoothing} 0 this is exactly {@link #lossAndGradient(float[], int, int, float[])}.
   */
  public static double lossAndGradient(float[] output, int n, int label, float smoothing, float[] outputGradient) {
    if (smoothing == 0f) {
      return lossAndGradient(output, n, label, outputGradient);
    }
    checkLabel(label, n);
    double logSumExp = logSumExp(output, n);
    double off = (double) smoothing / n;
    double on = 1.0 - smoothing + off;
    double targetDotOutput = 0;
    for (int i = 0; i < n; i++) {
      double target = i == label ? on : off;
      targetDotOutput += target * output[i];
      outputGradient[i] = (float) (Math.exp(output[i] - logSumExp) - target);
    }
    // The targets sum to 1, so -sum(target * log softmax) = logSumExp - sum(target * output).
    return logSumExp - targetDotOutput;
  }

  /** {@link #lossAndGradient(float[], int, int, float[])} over the whole output array. */
  public static double lossAndGradient(float[] output, int label, float[] outputGradient) {
    return lossAndGradient(output, output.length, label, outputGradient);
  }

  /** The loss alone, for evaluation. */
  public static double loss(float[] output, int n, int label) {
    checkLabel(label, n);
    return logSumExp(output, n) - output[label];
  }

  /** Numerically stable probabilities: {@code out[i] = exp(in[i] - max) / sum}; in and out may alias. */
  public static void softmax(float[] in, float[] out) {
    int n = in.length;
    if (out.length < n) {
      throw new IllegalArgumentException("output buffer holds " + out.length + " values, need " + n);
    }
    double logSumExp = logSumExp(in, n);
    for (int i = 0; i < n; i++) {
      out[i] = (float) Math.exp(in[i] - logSumExp);
    }
  }

  // Subtracting the maximum keeps exp() from overflowing for large logits; double keeps the sum exact
  // enough that the loss of a confident correct prediction does not collapse to 0 or -0.
  private static double logSumExp(float[] x, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("empty output");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[i]);
    }
    if (Double.isInfinite(max) || Double.isNaN(max)) {
      return max;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(x[i] - max);
    }
    return max + Math.log(sum);
  }

  private static void checkLabel(int label, int n) {
    if (label < 0 || label >= n) {
      throw new IllegalArgumentException("label " + label + " out of range [0, " + n + ")");
    }
  }
}
