package dev.fovea.runtime;

import java.util.Locale;

/** Builds an optimiser from its command-line name. */
public final class Optimizers {

  /** The names {@link #parse} accepts. */
  public static final String NAMES = "sgd, momentum, rmsprop, adam";

  private Optimizers() {}

  /**
   * {@code sgd}, {@code momentum} (SGD with momentum 0.9), {@code rmsprop} or {@code adam}, case
   * insensitive, with the given learning rate and Keras defaults for everything else.
   */
  public static Optimizer parse(String name, double learningRate) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "sgd" -> new Sgd(learningRate);
      case "momentum" -> new Sgd(learningRate, 0.9, false);
      case "rmsprop" -> new RmsProp(learningRate);
      case "adam" -> new Adam(learningRate);
      default -> throw new IllegalArgumentException(
          "unknown optimizer \"" + name + "\", expected one of: " + NAMES);
    };
  }

  /** The Keras default learning rate for {@code name}: 0.01 for SGD variants, 0.001 otherwise. */
  public static double defaultLearningRate(String name) {
    Optimizer probe = parse(name, 1);
    return probe instanceof Sgd ? 0.01 : 0.001;
  }

  static void checkLearningRate(double learningRate) {
    // Written as !(x > 0) so that NaN is rejected too.
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
  }

  // A schedule may end at 0 (a cosine to zero), but never below or at infinity.
  static void checkScheduledRate(float rate) {
    if (!(rate >= 0) || Float.isInfinite(rate)) {
      throw new IllegalArgumentException("scheduled learning rate must be finite and not negative, got " + rate);
    }
  }

  static void checkSameLength(float[] params, float[] grads) {
    if (params.length != grads.length) {
      throw new IllegalArgumentException(
          params.length + " parameters but " + grads.length + " gradients");
    }
  }
}
