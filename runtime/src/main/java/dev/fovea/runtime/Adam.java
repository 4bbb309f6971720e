package dev.fovea.runtime;

/** Keras Adam with its bias correction folded into the step size ("epsilon hat" form). */
public final class Adam implements Optimizer {

  private float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private float[] m;
  private float[] v;
  private long iterations;

  /** Keras defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
  public Adam() {
    this(0.001);
  }

  /** Adam with Keras' defaults: beta1 0.9, beta2 0.999, epsilon 1e-7. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Adam with the given decay rates of the first and second moment estimates and epsilon. */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    Optimizers.checkLearningRate(learningRate);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
    this.learningRate = (float) learningRate;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.epsilon = (float) epsilon;
  }

  /** Steps taken so far. */
  @Override
  public long iterations() {
    return iterations;
  }

  @Override
  public void restoreIterations(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("negative iteration count " + iterations);
    }
    this.iterations = iterations;
  }

  @Override
  public void setLearningRate(float rate) {
    Optimizers.checkScheduledRate(rate);
    learningRate = rate;
  }

  @Override
  public float[][] state(int parameterCount) {
    if (m == null || m.length != parameterCount) {
      m = new float[parameterCount];
      v = new float[parameterCount];
      iterations = 0;
    }
    return new float[][] {m, v};
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void step(float[] params, float[] grads) {
    Optimizers.checkSameLength(params, grads);
    if (m == null || m.length != params.length) {
      m = new float[params.length];
      v = new float[params.length];
      iterations = 0;
    }
    long t = ++iterations;
    float beta1Power = (float) Math.pow(beta1, t);
    float beta2Power = (float) Math.pow(beta2, t);
    // alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t), as in keras.optimizers.Adam.update_step.
    float alpha = learningRate * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float mi = m[i] + (g - m[i]) * oneMinusBeta1;
      float vi = v[i] + (g * g - v[i]) * oneMinusBeta2;
      m[i] = mi;
      v[i] = vi;
      params[i] -= mi * alpha / ((float) Math.sqrt(vi) + epsilon);
    }
  }

  @Override
  public String toString() {
    return "Adam(learning_rate=" + learningRate + ", beta_1=" + beta1 + ", beta_2=" + beta2
        + ", epsilon=" + epsilon + ")";
  }
}
