package dev.fovea.runtime;

/** Keras RMSprop without momentum or centring. */
public final class RmsProp implements Optimizer {

  private float learningRate;
  private final float rho;
  private final float epsilon;
  private float[] velocity;

  /** Keras defaults: learning rate 0.001, rho 0.9, epsilon 1e-7. */
  public RmsProp() {
    this(0.001);
  }

  /** RMSprop with Keras' defaults: rho 0.9, epsilon 1e-7. */
  public RmsProp(double learningRate) {
    this(learningRate, 0.9, 1e-7);
  }

  /** RMSprop with the given decay of the squared-gradient average and epsilon. */
  public RmsProp(double learningRate, double rho, double epsilon) {
    Optimizers.checkLearningRate(learningRate);
    if (!(rho >= 0 && rho < 1)) {
      throw new IllegalArgumentException("rho must be in [0, 1), got " + rho);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
    this.learningRate = (float) learningRate;
    this.rho = (float) rho;
    this.epsilon = (float) epsilon;
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
    if (velocity == null || velocity.length != parameterCount) {
      velocity = new float[parameterCount];
    }
    return new float[][] {velocity};
  }

  @Override
  public void step(float[] params, float[] grads) {
    Optimizers.checkSameLength(params, grads);
    if (velocity == null || velocity.length != params.length) {
      velocity = new float[params.length];
    }
    float oneMinusRho = 1f - rho;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float v = rho * velocity[i] + oneMinusRho * (g * g);
      velocity[i] = v;
      // Keras (2 and 3) puts epsilon inside the root: lr * g / sqrt(v + eps).
      params[i] -= learningRate * g / (float) Math.sqrt(v + epsilon);
    }
  }

  @Override
  public String toString() {
    return "RMSprop(learning_rate=" + learningRate + ", rho=" + rho + ", epsilon=" + epsilon + ")";
  }
}
