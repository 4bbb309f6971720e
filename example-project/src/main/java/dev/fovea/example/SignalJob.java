package dev.fovea.example;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Evaluator;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The main job for {@code --network signal1d}: trains {@link Signal1D} on {@link Waveforms}' generated signals
 * (seeded by {@code --seed}; {@code --data}, {@code --augment} and {@code --standardize} do not apply) and evaluates
 * it on their test set.
 */
final class SignalJob {
  private SignalJob() {}

  static Evaluation run(Options options) {
    Model model = Model.forNetwork(Signal1D.class);
    TrainTest data = Waveforms.task(options.seed());
    System.out.printf(Locale.ROOT, "Signal1D on generated waveforms (seed %d): %,d training and %,d test signals"
        + " of %d samples, classes %s%n", options.seed(), data.train().size(), data.test().size(), Waveforms.LENGTH,
        String.join(", ", Waveforms.LABELS));
    System.out.print(model.summary());
    System.out.printf(Locale.ROOT, "%s, learning rate %s (%s), batch %d, %d epochs, %d threads, %s backend%n",
        options.optimizer(), options.learningRate(), options.schedule(), options.batchSize(), options.epochs(),
        options.threads(), model.backend());
    Evaluation test = train(model, data, options);
    System.out.print(test.format(model.labels()));
    Path weights = options.weights() != null ? options.weights() : Path.of("target", "main", "Signal1D.safetensors");
    try {
      Files.createDirectories(weights.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + weights, e);
    }
    SafeTensors.save(model, weights, Map.of("network", "Signal1D",
        "test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()), "seed", Long.toString(options.seed())));
    System.out.println("weights saved to " + weights);
    return test;
  }

  /** Initialises and trains the model with the options' recipe, and evaluates it on the test set. */
  static Evaluation train(Model model, TrainTest data, Options options) {
    Initializer.initialize(model, options.seed());
    boolean decoupled = options.optimizer().equals("adam") || options.optimizer().equals("rmsprop");
    TrainingOptions training = new TrainingOptions(0, 0, (float) options.weightDecay(), decoupled,
        Augmentation.NONE);
    Trainer.Config config = new Trainer.Config(options.epochs(), options.batchSize(), options.seed(),
        options.threads());
    try (Trainer trainer = new Trainer(model, Optimizers.parse(options.optimizer(), options.learningRate()), config,
        training)) {
      LearningRateSchedule schedule = switch (options.schedule()) {
        case "cosine" -> LearningRateSchedule.cosine(1, 0);
        case "onecycle" -> LearningRateSchedule.oneCycle();
        default -> LearningRateSchedule.constant();
      };
      new TrainingRun(trainer).schedule(schedule).listener(Trainer.console()).run(data.train());
    }
    return Evaluator.evaluate(model, data.test(), 3, options.threads());
  }
}
