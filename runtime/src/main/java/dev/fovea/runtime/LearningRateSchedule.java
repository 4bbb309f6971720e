package dev.fovea.runtime;

/**
 * The learning rate at every step as a factor of the optimiser's base rate, a pure function of the step so that
 * a run resumed from a checkpoint follows the same rates. Steps count from 0 over the whole run.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The factor for step {@code step} of a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
  double factor(long step, int stepsPerEpoch, int epochs);

  /** The base rate throughout. */
  static LearningRateSchedule constant() {
    return Constant.INSTANCE;
  }

  /** The base rate times {@code gamma} after every {@code everyEpochs} epochs (PyTorch's StepLR). */
  static LearningRateSchedule step(int everyEpochs, double gamma) {
    return new Step(everyEpochs, gamma);
  }

  /** The base rate times {@code gamma} per epoch, decaying smoothly step by step (Keras' ExponentialDecay). */
  static LearningRateSchedule exponential(double gamma) {
    return new Exponential(gamma);
  }

  /**
   * A linear warm-up from near 0 over {@code warmupEpochs} epochs, then a cosine from the base rate down to
   * {@code minFactor} times it at the last step (Keras' CosineDecay with warm-up).
   */
  static LearningRateSchedule cosine(double warmupEpochs, double minFactor) {
    return new Cosine(warmupEpochs, minFactor);
  }

  /**
   * PyTorch's OneCycleLR with its defaults, the base rate being the peak: a cosine rise from base/25 over the first
   * 30 % of the steps, then a cosine fall to base/250,000.
   */
  static LearningRateSchedule oneCycle() {
    return OneCycle.INSTANCE;
  }

  /** The base rate throughout. */
  enum Constant implements LearningRateSchedule {
    /** The one constant schedule. */
    INSTANCE;

    @Override
    public double factor(long step, int stepsPerEpoch, int epochs) {
      return 1;
    }

    @Override
    public String toString() {
      return "constant";
    }
  }

  /** Step decay. */
  record Step(int everyEpochs, double gamma) implements LearningRateSchedule {
    /** Checks the arguments. */
    public Step {
      if (everyEpochs < 1) {
        throw new IllegalArgumentException("step decay needs a period of at least 1 epoch, got " + everyEpochs);
      }
      checkGamma(gamma);
    }

    @Override
    public double factor(long step, int stepsPerEpoch, int epochs) {
      return Math.pow(gamma, step / stepsPerEpoch / everyEpochs);
    }

    @Override
    public String toString() {
      return "step (x" + gamma + " every " + everyEpochs + " epochs)";
    }
  }

  /** Exponential decay. */
  record Exponential(double gamma) implements LearningRateSchedule {
    /** Checks the argument. */
    public Exponential {
      checkGamma(gamma);
    }

    @Override
    public double factor(long step, int stepsPerEpoch, int epochs) {
      return Math.pow(gamma, (double) step / stepsPerEpoch);
    }

    @Override
    public String toString() {
      return "exponential (x" + gamma + " per epoch)";
    }
  }

  /** Cosine decay with linear warm-up. */
  record Cosine(double warmupEpochs, double minFactor) implements LearningRateSchedule {
    /** Checks the arguments. */
    public Cosine {
      if (!(warmupEpochs >= 0) || Double.isInfinite(warmupEpochs)) {
        throw new IllegalArgumentException("warm-up epochs must be finite and not negative, got " + warmupEpochs);
      }
      if (!(minFactor >= 0 && minFactor <= 1)) {
        throw new IllegalArgumentException("the cosine floor must be a fraction of the rate in [0, 1], got "
            + minFactor);
      }
    }

    @Override
    public double factor(long step, int stepsPerEpoch, int epochs) {
      long total = (long) stepsPerEpoch * epochs;
      long warmup = Math.min(Math.round(warmupEpochs * stepsPerEpoch), total);
      if (step < warmup) {
        return (step + 1.0) / warmup;
      }
      long decay = total - warmup;
      double progress = decay <= 1 ? 1 : Math.min(1, (double) (step - warmup) / (decay - 1));
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public String toString() {
      return "cosine (warm-up " + warmupEpochs + " epochs, floor x" + minFactor + ")";
    }
  }

  /** One-cycle. */
  enum OneCycle implements LearningRateSchedule {
    /** The one one-cycle schedule. */
    INSTANCE;

    private static final double START = 1 / 25.0;
    private static final double END = START / 1e4;

    @Override
    public double factor(long step, int stepsPerEpoch, int epochs) {
      long total = (long) stepsPerEpoch * epochs;
      double up = 0.3 * total - 1;
      if (step <= up) {
        return anneal(START, 1, up <= 0 ? 1 : step / up);
      }
      return anneal(1, END, Math.min(1, (step - up) / (total - 1 - up)));
    }

    private static double anneal(double from, double to, double progress) {
      return to + (from - to) / 2 * (Math.cos(Math.PI * progress) + 1);
    }

    @Override
    public String toString() {
      return "one-cycle (peak at 30 %)";
    }
  }

  private static void checkGamma(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("decay factor must be in (0, 1], got " + gamma);
    }
  }
}
