package dev.fovea.report;

import dev.fovea.runtime.Adam;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.TrainTest;
import dev.fovea.runtime.Trainer;
import java.nio.file.Path;
import java.util.List;

/** {@link SmallNet} trained for two short epochs on 2,000 images of the bundled Fashion-MNIST slice, once per JVM. */
final class Trained {
  static final Path SLICE = Path.of("../example-project/data/fashion-mnist-slice");

  final Model model;
  final Dataset test;
  final List<Trainer.EpochReport> epochs;

  private static Trained instance;

  private Trained() {
    TrainTest data = FashionMnist.load(SLICE).standardized();
    model = Model.forNetwork(SmallNet.class);
    Initializer.initialize(model, 42);
    try (Trainer trainer = new Trainer(model, new Adam(0.002), new Trainer.Config(2, 32, 42, 2))) {
      epochs = trainer.fit(data.train().slice(0, 2000), r -> { });
    }
    test = data.test().slice(0, 500);
  }

  static synchronized Trained get() {
    if (instance == null) {
      instance = new Trained();
    }
    return instance;
  }
}
