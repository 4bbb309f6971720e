package dev.fovea.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded Keras-style initialisation of every parameter from the generated init names. */
public final class Initializer {

  private Initializer() {}

  /** Initialises the model's (shared) parameters; the same seed always gives bit-identical weights. */
  public static void initialize(Model model, long seed) {
    initialize(model.parameters(), model.parameterSpecs(), seed);
  }

  /**
   * Initialises {@code parameters} tensor by tensor, in list order, from one random stream; "zeros"
   * draws nothing so adding a bias never shifts the weights that follow it.
   */
  public static void initialize(float[] parameters, List<ParameterSpec> specs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (ParameterSpec p : specs) {
      int from = p.offset();
      int to = from + p.length();
      switch (p.init()) {
        case "zeros", "buffer:zeros", "buffer:count" -> Arrays.fill(parameters, from, to, 0f);
        case "ones", "buffer:ones" -> Arrays.fill(parameters, from, to, 1f);
        case "glorot_uniform" -> uniform(parameters, from, to, Math.sqrt(6.0 / (p.fanIn() + p.fanOut())), random, p);
        case "he_uniform" -> uniform(parameters, from, to, Math.sqrt(6.0 / p.fanIn()), random, p);
        default -> throw new IllegalArgumentException(
            p.name() + ": unknown initializer \"" + p.init() + "\", expected he_uniform, glorot_uniform, zeros or ones, or for state buffer:zeros, buffer:ones or buffer:count");
      }
    }
  }

  private static void uniform(float[] a, int from, int to, double limit, SplittableRandom random, ParameterSpec p) {
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException(
          p.name() + ": " + p.init() + " needs positive fan-in/fan-out, got " + p.fanIn() + "/" + p.fanOut());
    }
    for (int i = from; i < to; i++) {
      // U(-limit, limit) like Keras' RandomUniform; computed in double, rounded once.
      a[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * limit);
    }
  }
}
