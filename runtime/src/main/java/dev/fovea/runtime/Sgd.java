package dev.fovea.runtime;

/** Keras SGD: plain, with momentum, or with Nesterov momentum. */
public final class Sgd implements Optimizer {

  private float learningRate;
  private final float momentum;
  private final boolean nesterov;
  private float[] velocity;

  /** Keras defaults: learning rate 0.01, no momentum. */
  public Sgd() {
    this(0.01);
  }

  /** Plain stochastic gradient descent, without momentum. */
  public Sgd(double learningRate) {
    this(learningRate, 0.0, false);
  }

  /** SGD with momentum (0 for none), optionally Nesterov's, with Keras' update rule. */
  public Sgd(double learningRate, double momentum, boolean nesterov) {
    Optimizers.checkLearningRate(learningRate);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    // Keras keeps hyper-parameters and state in float32; doing the same keeps steps comparable.
    this.learningRate = (float) learningRate;
    this.momentum = (float) momentum;
    this.nesterov = nesterov;
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(float rate) {
    Optimizers.checkScheduledRate(rate);
    learningRate = rate;
  }

  @Override
  public float[][] state(int parameterCount) {
    if (momentum == 0f) {
      return new float[0][];
    }
    if (velocity == null || velocity.length != parameterCount) {
      velocity = new float[parameterCount];
    }
    return new float[][] {velocity};
  }

  @Override
  public void step(float[] params, float[] grads) {
    Optimizers.checkSameLength(params, grads);
    if (momentum == 0f) {
      for (int i = 0; i < params.length; i++) {
        params[i] -= grads[i] * learningRate;
      }
      return;
    }
    if (velocity == null || velocity.length != params.length) {
      velocity = new float[params.length];
    }
    for (int i = 0; i < params.length; i++) {
      float v = velocity[i] * momentum - grads[i] * learningRate;
      velocity[i] = v;
      params[i] += nesterov ? v * momentum - grads[i] * learningRate : v;
    }
  }

  @Override
  public String toString() {
    return "SGD(learning_rate=" + learningRate + ", momentum=" + momentum + ", nesterov=" + nesterov + ")";
  }
}
