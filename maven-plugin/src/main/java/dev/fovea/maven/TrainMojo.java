package dev.fovea.maven;

import dev.fovea.runtime.DataSource;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code fovea:train}: trains a network on an IDX, CSV or image-folder data set and writes its weights and
 * metadata, unless network, data and settings are unchanged since the last run; resumes from a checkpoint of the
 * same run after an interruption.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class TrainMojo extends FoveaMojo {

  /** A directory of IDX files (MNIST layout), of train and test CSV files or of image folders, or one CSV file. */
  // Not required=true: Maven would then insist on it even when the goal is skipped.
  @Parameter(property = "fovea.data")
  File data;

  /** sgd, momentum, rmsprop or adam. */
  @Parameter(property = "fovea.optimizer", defaultValue = "adam")
  String optimizer;

  /** The optimiser's learning rate (the peak for one-cycle); Keras' default for the optimiser when unset. */
  @Parameter(property = "fovea.learningRate")
  Double learningRate;

  /** Passes over the training data. */
  @Parameter(property = "fovea.epochs", defaultValue = "5")
  int epochs;

  /** Samples per optimiser step. */
  @Parameter(property = "fovea.batchSize", defaultValue = "32")
  int batchSize;

  /** Seeds the initial weights and the shuffle: the same seed gives the same weights. */
  @Parameter(property = "fovea.seed", defaultValue = "42")
  long seed;

  /** Training threads; 0 means all processors. The weights do not depend on it. */
  @Parameter(property = "fovea.threads", defaultValue = "0")
  int threads;

  /** Maps inputs to zero mean and unit deviation with the training set's pixel statistics. */
  @Parameter(property = "fovea.standardize", defaultValue = "true")
  boolean standardize;

  /** Maps every input value v in [0, 1] to 1 - v before standardising (dark on light becomes light on dark). */
  @Parameter(property = "fovea.invert", defaultValue = "false")
  boolean invert;

  /** The fraction of the training set held out, seeded, for validation after every epoch (0: none). */
  @Parameter(property = "fovea.validationSplit", defaultValue = "0")
  double validationSplit;

  /** A separate validation set: a data directory whose test half (or a CSV file or image folders, whole) is used. */
  @Parameter(property = "fovea.validationData")
  File validationData;

  /** Early stopping: epochs without improvement of the monitored metric before stopping (0: no early stopping). */
  @Parameter(property = "fovea.patience", defaultValue = "0")
  int patience;

  /** What early stopping and reduce-on-plateau watch: loss, accuracy, val_loss, val_accuracy. */
  @Parameter(property = "fovea.monitor")
  String monitor;

  /** The smallest change of the monitored metric that counts as an improvement. */
  @Parameter(property = "fovea.minDelta", defaultValue = "0")
  double minDelta;

  /** Whether early stopping ends with the weights of the best epoch. */
  @Parameter(property = "fovea.restoreBestWeights", defaultValue = "true")
  boolean restoreBestWeights;

  /** Learning-rate schedule: constant, step, exponential, cosine, onecycle or plateau. */
  @Parameter(property = "fovea.schedule", defaultValue = "constant")
  String schedule;

  /** The schedule's factor: step and plateau multiply by it (default 0.1), exponential per epoch (default 0.9). */
  @Parameter(property = "fovea.decayRate")
  Double decayRate;

  /** Step: epochs between decays; plateau: epochs without improvement before a decay. Default 10. */
  @Parameter(property = "fovea.decayEpochs", defaultValue = "10")
  int decayEpochs;

  /** Cosine: epochs of linear warm-up. */
  @Parameter(property = "fovea.warmupEpochs", defaultValue = "0")
  double warmupEpochs;

  /** Cosine and plateau: the learning rate never goes below this. */
  @Parameter(property = "fovea.minLearningRate", defaultValue = "0")
  double minLearningRate;

  /** Weight decay: decoupled (AdamW-style) for adam and rmsprop, L2 for sgd and momentum (0: none). */
  @Parameter(property = "fovea.weightDecay", defaultValue = "0")
  double weightDecay;

  /** Clips each batch gradient to this global L2 norm (0: no clipping). */
  @Parameter(property = "fovea.clipNorm", defaultValue = "0")
  double clipNorm;

  /** Label smoothing of the cross-entropy target, e.g. 0.1. */
  @Parameter(property = "fovea.labelSmoothing", defaultValue = "0")
  double labelSmoothing;

  /** Augmentation: random horizontal flips. */
  @Parameter(property = "fovea.flip", defaultValue = "false")
  boolean flip;

  /** Augmentation: random crops of the image padded by this many pixels on every side. */
  @Parameter(property = "fovea.cropPadding", defaultValue = "0")
  int cropPadding;

  /** Augmentation: random translations by up to this fraction of the height and width, e.g. 0.1. */
  @Parameter(property = "fovea.translate", defaultValue = "0")
  double translate;

  /** Checkpoint after every this many epochs. */
  @Parameter(property = "fovea.checkpointEpochs", defaultValue = "1")
  int checkpointEpochs;

  /** Also checkpoint within an epoch when this many minutes passed since the last checkpoint (0: only by epochs). */
  @Parameter(property = "fovea.checkpointMinutes", defaultValue = "5")
  double checkpointMinutes;

  /** Resume from the last checkpoint of the same network, data and settings; false starts over. */
  @Parameter(property = "fovea.resume", defaultValue = "true")
  boolean resume;

  /** Retrains even when nothing changed. */
  @Parameter(property = "fovea.force", defaultValue = "false")
  boolean force;

  /** Seconds between progress lines within an epoch (0: after every batch). */
  @Parameter(property = "fovea.progressSeconds", defaultValue = "2")
  double progressSeconds;

  @Override
  String goal() {
    return "train";
  }

  @Override
  void run() throws MojoFailureException {
    if (data == null) {
      throw new MojoFailureException("no data set to train on: set the fovea.data property in the pom or "
          + "-Dfovea.data=DIR (an IDX, CSV or image-folder directory, or a CSV file)");
    }
    TrainingSetup setup = new TrainingSetup(this);
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      String generated = networks.resolve(network);
      String name = ProjectNetworks.simpleName(generated);
      Model model = networks.load(generated);
      ModelFiles files = ModelFiles.of(output(), generated);
      Path source = data.toPath();
      // The class that trains: switching the Vector API backend on or off changes the weights' last bits.
      Fingerprint fingerprint = setup.fingerprint(networks.classBytes(model.generatedClass().getName()), source);
      files.recover();
      if (!force && upToDate(files, fingerprint, networks.declarationSha256(generated), name)) {
        return;
      }
      TrainingSetup.Data sets = setup.load(model, source);
      getLog().info(setup.describe(name, relative(source), sets, model.backend()));
      Initializer.initialize(model, seed);
      createDirectory(output());
      if (!resume) {
        delete(files.checkpoint());
      }
      TrainingRun.History history;
      try (Trainer trainer = new Trainer(model, setup.optimizer(), setup.config(), setup.options(sets))) {
        TrainingRun run = setup.run(trainer, sets)
            .listener(new Progress(getLog(), progressSeconds, epochs, sets.train().size()))
            .checkpoints(files.checkpoint(), checkpointEpochs, checkpointMinutes * 60, fingerprint.combined())
            .resume(resume).log(note -> getLog().info(note.replace(files.checkpoint().toString(),
                relative(files.checkpoint()))));
        history = run.run(sets.train());
      }
      if (history.stoppedEarly()) {
        getLog().info("Early stopping after epoch " + history.epochs().size() + ": " + monitor() + " has not improved "
            + "for " + patience + " epochs since epoch " + history.bestEpoch());
      }
      Trainer.EpochReport last = history.epochs().get(history.epochs().size() - 1);
      String chance = TrainingRun.chanceWarning(last.accuracy(), sets.train());
      if (chance != null) {
        getLog().warn(name + ": " + chance);
      }
      Map<String, String> header = Map.of("network", ProjectNetworks.userName(generated), "format", "pt",
          ModelFiles.DECLARATION_KEY, networks.declarationSha256(generated));
      files.write(path -> SafeTensors.save(model, path, header),
          sha -> setup.metadata(model, generated, relative(source), sets, history, fingerprint, sha));
      delete(files.checkpoint());
      getLog().info("Wrote " + relative(files.weights()) + " and " + relative(files.metadata()));
      HtmlReport.afterTraining(this, model, files, source);
    }
  }

  /** The metric early stopping and reduce-on-plateau watch: as set, else val_loss with validation data, else loss. */
  String monitor() {
    if (monitor != null && !monitor.isBlank()) {
      return monitor;
    }
    return validationSplit > 0 || validationData != null ? "val_loss" : "loss";
  }

  /** Whether the last run's files match {@code fingerprint}; logs why not when there was a last run. */
  private boolean upToDate(ModelFiles files, Fingerprint fingerprint, String declaration, String name) {
    Metadata last;
    try {
      last = Metadata.read(files.metadata());
    } catch (MojoFailureException e) {
      getLog().warn("Retraining " + name + ": " + e.getMessage());
      return false;
    }
    if (last == null) {
      return false;
    }
    java.util.List<String> changes = fingerprint.changes(last.fingerprint());
    if (!changes.isEmpty()) {
      getLog().info("Retraining " + name + ": " + String.join(", ", changes) + " changed since the last training");
      return false;
    }
    if (!Files.isRegularFile(files.weights()) || !Fingerprint.sha256(files.weights()).equals(last.weightsSha256())
        || !declaration.equals(SafeTensors.metadata(files.weights()).get(ModelFiles.DECLARATION_KEY))) {
      getLog().info("Retraining " + name + ": " + relative(files.weights()) + " is missing or was changed");
      return false;
    }
    getLog().info(name + " is up to date: network, data and settings unchanged since " + relative(files.metadata())
        + " (-Dfovea.force retrains)");
    return true;
  }

  int threadCount() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  private static void delete(Path file) throws MojoFailureException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new MojoFailureException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectory(Path dir) throws MojoFailureException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MojoFailureException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
