package dev.fovea.runtime;

import java.nio.file.Path;
import java.util.List;

/** LeCun's MNIST handwritten digits: 28x28 grey images in 10 classes. */
public final class Mnist {

  /** The class names, index = label. */
  public static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private Mnist() {}

  /** Loads train (60,000) and test (10,000) sets from the four IDX files in {@code dir}. */
  public static TrainTest load(Path dir) {
    return IdxReader.loadMnistLayout(dir, "mnist", LABELS.size());
  }
}
