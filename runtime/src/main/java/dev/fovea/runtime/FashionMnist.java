package dev.fovea.runtime;

import java.nio.file.Path;
import java.util.List;

/** Zalando's Fashion-MNIST: 28x28 grey clothing images in 10 classes, in the MNIST file layout. */
public final class FashionMnist {

  /** The class names, index = label. */
  public static final List<String> LABELS = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** Loads train (60,000) and test (10,000) sets from the four IDX files in {@code dir}. */
  public static TrainTest load(Path dir) {
    return IdxReader.loadMnistLayout(dir, "fashion-mnist", LABELS.size());
  }
}
