package dev.fovea.example;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.DataFileException;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.LearningRateSchedule;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.TrainTest;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import dev.fovea.runtime.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The main job: trains LeNet-5 (or the Keras MNIST net, or a residual net) on Fashion-MNIST and evaluates it on the
 * test set; for a landmark network of the zoo, prints its summary and runs a forward pass.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      run(Options.parse(args));
    } catch (Options.UsageException e) {
      if (e.getMessage().isEmpty()) {
        System.out.println(Options.USAGE);
        return;
      }
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
    } catch (DataFileException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(Options options) {
    if (options.network().equals("Signal1D")) {
      SignalJob.run(options);
      return;
    }
    if (ZooRun.NETWORKS.containsKey(options.network())) {
      ZooRun.run(options.network(), options.seed());
      return;
    }
    Class<?> network = switch (options.network()) {
      case "LeNet5" -> LeNet5.class;
      case "KerasMnistNet" -> KerasMnistNet.class;
      case "FashionResNet" -> FashionResNet.class;
      default -> SmallResNet.class;
    };
    Model model = Model.forNetwork(network);
    TrainTest data = FashionMnist.load(options.data());
    if (options.standardize()) {
      // Zero-mean inputs matter for LeNet's sigmoids: its first epoch learns far more (torchvision's Normalize).
      data = data.standardized();
    }
    System.out.printf(Locale.ROOT, "%s on Fashion-MNIST from %s: %,d training and %,d test images%n",
        options.network(), options.data(), data.train().size(), data.test().size());
    System.out.print(model.summary());
    System.out.printf(Locale.ROOT,
        "%s, learning rate %s (%s), batch %d, %d epochs, seed %d, %d threads, %s inputs%s, weight decay %s, %s "
            + "backend (%s)%n",
        options.optimizer(), options.learningRate(), options.schedule(), options.batchSize(), options.epochs(),
        options.seed(), options.threads(), options.standardize() ? "standardised" : "raw [0, 1]",
        options.augment() ? ", augmented" : "", options.weightDecay(), model.backend(),
        model.generatedClass().getSimpleName());

    Initializer.initialize(model, options.seed());
    Trainer.Config config =
        new Trainer.Config(options.epochs(), options.batchSize(), options.seed(), options.threads());
    try (Trainer trainer = new Trainer(model, Optimizers.parse(options.optimizer(), options.learningRate()), config,
        trainingOptions(options, data.train()))) {
      new TrainingRun(trainer).schedule(schedule(options.schedule())).listener(Trainer.console()).run(data.train());
    }

    Evaluation test = Evaluator.evaluate(model, data.test(), 3, options.threads());
    System.out.print(test.format(model.labels()));

    // Not target/fovea: there fovea:train keeps its weights with the metadata that describes them.
    Path weights = options.weights() != null
        ? options.weights()
        : Path.of("target", "main", options.network() + ".safetensors");
    createParent(weights);
    SafeTensors.save(model, weights, Map.of(
        "network", options.network(),
        "test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()),
        "seed", Long.toString(options.seed())));
    System.out.println("weights saved to " + weights);
  }

  private static TrainingOptions trainingOptions(Options options, Dataset train) {
    // A crop's border takes the value of a black pixel, whatever the standardisation made of it.
    float black = Float.POSITIVE_INFINITY;
    for (float v : train.images()) {
      black = Math.min(black, v);
    }
    Augmentation augmentation = options.augment() ? new Augmentation(2, true, 0, black) : Augmentation.NONE;
    boolean decoupled = options.optimizer().equals("adam") || options.optimizer().equals("rmsprop");
    return new TrainingOptions(0, 0, (float) options.weightDecay(), decoupled, augmentation);
  }

  private static LearningRateSchedule schedule(String name) {
    return switch (name) {
      case "cosine" -> LearningRateSchedule.cosine(1, 0);
      case "onecycle" -> LearningRateSchedule.oneCycle();
      default -> LearningRateSchedule.constant();
    };
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create directory " + parent + ": " + e.getMessage(), e);
    }
  }
}
