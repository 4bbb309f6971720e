package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The benchmarks' networks and data: W1/W2/W3 by name, the first images of the bundled Fashion-MNIST slice, and
 * seeded random images for W3's 3x224x224 input.
 */
public final class Workloads {

  /** System property naming the data directory (the four MNIST-layout IDX files). */
  public static final String DATA_PROPERTY = "fovea.data";

  static final String SLICE = "example-project/data/fashion-mnist-slice";

  private Workloads() {}

  /** W1, W2 or W3, initialised with seed 42 (Glorot/He as the runtime does). */
  public static Model network(String name) {
    Model model = switch (name) {
      case "W1" -> Model.forNetwork(W1LeNet5.class);
      case "W2" -> Model.forNetwork(W2KerasNet.class);
      case "W3" -> Model.forNetwork(W3ResNet18.class);
      default -> throw new IllegalArgumentException("unknown workload " + name + ", expected W1, W2 or W3");
    };
    Initializer.initialize(model, 42);
    return model;
  }

  /**
   * {@code count} images for {@code network}: the first training images of the slice for W1 and W2, seeded uniform
   * [0, 1) values with labels 0, 1, 2, ... for W3, whose 3x224x224 input no bundled data set has.
   */
  public static Dataset images(String network, int count) {
    return network.equals("W3") ? randomImages(network(network), count) : firstTrainingImages(count);
  }

  /** {@code count} seeded uniform [0, 1) images of {@code model}'s input shape, labels 0, 1, 2, ... */
  private static Dataset randomImages(Model model, int count) {
    Random random = new Random(42);
    float[] images = new float[count * model.inputSize()];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    int[] labels = new int[count];
    Arrays.setAll(labels, i -> i % model.outputSize());
    return new Dataset("random", model.inputChannels(), model.inputHeight(), model.inputWidth(), images, labels,
        model.outputSize());
  }

  /** The first {@code count} training images, scaled to [0, 1] as the PyTorch peer scales them. */
  public static Dataset firstTrainingImages(int count) {
    Dataset train = FashionMnist.load(dataDirectory()).train();
    if (train.size() < count) {
      throw new IllegalStateException(train + " has fewer than the " + count + " images the benchmark needs");
    }
    return train.slice(0, count);
  }

  /**
   * {@code -Dfovea.data=DIR} if given, else {@value #SLICE} found from the working directory or one of its
   * parents (so the repository root, {@code benchmarks/} and {@code benchmarks/target} all work).
   */
  public static Path dataDirectory() {
    String property = System.getProperty(DATA_PROPERTY);
    if (property != null) {
      Path dir = Path.of(property);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("-D" + DATA_PROPERTY + "=" + property + " is not a directory");
      }
      return dir;
    }
    List<Path> tried = new ArrayList<>();
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve(SLICE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      tried.add(candidate);
    }
    throw new IllegalStateException("Fashion-MNIST data not found (looked for " + tried
        + "): run from the Fovea repository or pass -D" + DATA_PROPERTY
        + "=DIR, a directory with train-images-idx3-ubyte(.gz) and the three other MNIST-layout files");
  }
}
