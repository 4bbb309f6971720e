package dev.fovea.example;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.TrainTest;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of a signal classification task: noisy waveforms of five shapes (sine, square, sawtooth,
 * triangle, linear chirp) with a random number of cycles, phase, amplitude, offset and noise. The phase is uniform,
 * so every class has the same mean signal at every time step, and a linear model of the raw samples does little
 * better than chance; telling the shapes apart needs local patterns found anywhere in the window, which is what a
 * 1-D convolution does. The same seed gives the same floats on any JVM ({@link StrictMath}, {@link
 * SplittableRandom}), in milliseconds, so nothing is bundled.
 */
public final class Waveforms {
  /** The classes, in label order. */
  public static final List<String> LABELS = List.of("sine", "square", "sawtooth", "triangle", "chirp");
  /** Samples per signal. */
  public static final int LENGTH = 128;
  /** The main job's sizes: per class, 1,000 training and 200 test signals. */
  public static final int TRAIN_PER_CLASS = 1000;
  public static final int TEST_PER_CLASS = 200;

  private Waveforms() {}

  /** The main job's task: training and test sets drawn from one seed's two independent streams. */
  public static TrainTest task(long seed) {
    return task(TRAIN_PER_CLASS, TEST_PER_CLASS, seed);
  }

  /** {@code trainPerClass} and {@code testPerClass} signals of each class, classes interleaved. */
  public static TrainTest task(int trainPerClass, int testPerClass, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom testRandom = random.split();
    return new TrainTest(generate("waveforms (train)", trainPerClass, random),
        generate("waveforms (test)", testPerClass, testRandom));
  }

  private static Dataset generate(String name, int perClass, SplittableRandom random) {
    int classes = LABELS.size();
    int n = perClass * classes;
    float[] values = new float[n * LENGTH];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
      signal(labels[i], random, values, i * LENGTH);
    }
    return new Dataset(name, 1, 1, LENGTH, values, labels, classes);
  }

  /**
   * One signal of class {@code label} into {@code out} from {@code offset}: 1.5 to 6 cycles per window (a chirp
   * sweeps up to 2 to 4 times its starting frequency), amplitude 0.5 to 1.5, offset within +-0.3, and Gaussian noise
   * of deviation 0.1 to 0.3 times the amplitude.
   */
  static void signal(int label, SplittableRandom random, float[] out, int offset) {
    double cycles = 1.5 + 4.5 * random.nextDouble();
    double phase = random.nextDouble();
    double amplitude = 0.5 + random.nextDouble();
    double bias = 0.6 * random.nextDouble() - 0.3;
    double noise = (0.1 + 0.2 * random.nextDouble()) * amplitude;
    double sweep = 2 + 2 * random.nextDouble();
    for (int t = 0; t < LENGTH; t++) {
      double x = (double) t / LENGTH;
      // The phase in cycles; a chirp's frequency grows linearly from cycles to cycles x sweep over the window.
      double turns = label == 4 ? cycles * (x + (sweep - 1) * x * x / 2) : cycles * x;
      double p = turns + phase - StrictMath.floor(turns + phase);
      double wave = switch (label) {
        case 1 -> p < 0.5 ? 1 : -1;
        case 2 -> 2 * p - 1;
        case 3 -> 1 - 4 * StrictMath.abs(p - 0.5);
        default -> StrictMath.sin(2 * StrictMath.PI * p);
      };
      out[offset + t] = (float) (bias + amplitude * wave + noise * gaussian(random));
    }
  }

  /** A standard normal draw (Box-Muller with StrictMath, so every JVM draws the same). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * random.nextDouble());
  }
}
