package dev.fovea.maven;

import dev.fovea.runtime.DataSource;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizer;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.Trainer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code fovea:train}: trains a network on an IDX or CSV data set and writes its weights and metadata, unless
 * network, data and settings are unchanged since the last run.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class TrainMojo extends FoveaMojo {

  /** A directory of IDX files (MNIST layout) or of train and test CSV files, or one CSV file. */
  // Not required=true: Maven would then insist on it even when the goal is skipped.
  @Parameter(property = "fovea.data")
  File data;

  /** sgd, momentum, rmsprop or adam. */
  @Parameter(property = "fovea.optimizer", defaultValue = "adam")
  String optimizer;

  /** The optimiser's learning rate; Keras' default for the optimiser when unset. */
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
          + "-Dfovea.data=DIR (an IDX or CSV directory, or a CSV file)");
    }
    double rate = learningRate();
    Optimizer opt = Optimizers.parse(optimizer, rate);
    Trainer.Config config = new Trainer.Config(epochs, batchSize, seed, threadCount());
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      String generated = networks.resolve(network);
      String name = ProjectNetworks.simpleName(generated);
      Model model = networks.load(generated);
      ModelFiles files = ModelFiles.of(output(), generated);
      Path source = data.toPath();
      // The class that trains: switching the Vector API backend on or off changes the weights' last bits.
      Fingerprint fingerprint = fingerprint(networks.classBytes(model.generatedClass().getName()), source);
      if (!force && upToDate(files, fingerprint, networks.declarationSha256(generated), name)) {
        return;
      }
      Dataset train = DataSource.load(source, DataSource.Part.TRAIN, model.inputChannels(), model.inputHeight(),
          model.inputWidth(), model.outputSize());
      double[] stats = standardize ? train.pixelMeanAndStd() : null;
      if (standardize) {
        train = train.standardized(stats[0], stats[1]);
      }
      String inputs = standardize
          ? String.format(Locale.ROOT, "standardised with mean %.4f, std %.4f", stats[0], stats[1])
          : "raw [0, 1]";
      getLog().info(String.format(Locale.ROOT, "Training %s on %s (%,d images, %s): %s, learning rate %s, batch %d, "
          + "epochs %d, seed %d, threads %d, %s backend", name, relative(source), train.size(), inputs, optimizer, rate,
          batchSize, epochs, seed, threadCount(), model.backend()));
      Initializer.initialize(model, seed);
      List<Trainer.EpochReport> reports;
      try (Trainer trainer = new Trainer(model, opt, config)) {
        reports = trainer.fit(train, new Progress(getLog(), progressSeconds, epochs, train.size()));
      }
      createDirectory(output());
      SafeTensors.save(model, files.weights(), Map.of("network", ProjectNetworks.userName(generated), "format", "pt",
          ModelFiles.DECLARATION_KEY, networks.declarationSha256(generated)));
      metadata(model, generated, source, stats, reports, fingerprint, Fingerprint.sha256(files.weights()))
          .write(files.metadata());
      getLog().info("Wrote " + relative(files.weights()) + " and " + relative(files.metadata()));
      HtmlReport.afterTraining(this, model, files, source);
    }
  }

  /** What the weights depend on: the generated class, the training files and the settings. */
  private Fingerprint fingerprint(byte[] classBytes, Path source) {
    // Threads are left out on purpose: the trainer gives the same weights on any number of them.
    String settings = String.format(Locale.ROOT, "optimizer=%s learningRate=%s epochs=%d batchSize=%d seed=%d "
        + "standardize=%b", optimizer.strip().toLowerCase(Locale.ROOT), learningRate(), epochs, batchSize, seed,
        standardize);
    return new Fingerprint(Fingerprint.sha256(classBytes),
        Fingerprint.sha256(DataSource.files(source, DataSource.Part.TRAIN)), Fingerprint.sha256(settings));
  }

  private Metadata metadata(Model model, String generated, Path source, double[] stats,
      List<Trainer.EpochReport> reports, Fingerprint fingerprint, String weightsSha256) {
    Trainer.EpochReport last = reports.get(reports.size() - 1);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("trainLoss", last.loss());
    metrics.put("trainAccuracy", last.accuracy());
    metrics.put("seconds", reports.stream().mapToDouble(Trainer.EpochReport::seconds).sum());
    metrics.put("epochs", reports.stream().map(TrainMojo::epochJson).toList());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("optimizer", optimizer);
    settings.put("learningRate", learningRate());
    settings.put("epochs", epochs);
    settings.put("batchSize", batchSize);
    settings.put("seed", seed);
    settings.put("threads", threadCount());
    List<Long> shape = List.of((long) model.inputChannels(), (long) model.inputHeight(), (long) model.inputWidth());
    return new Metadata(ProjectNetworks.userName(generated), generated, shape, model.labels(), relative(source),
        stats == null ? null : stats[0], stats == null ? null : stats[1], settings, metrics, fingerprint,
        weightsSha256);
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
    List<String> changes = fingerprint.changes(last.fingerprint());
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

  /** The configured learning rate, or Keras' default for the optimiser. */
  private double learningRate() {
    return learningRate != null ? learningRate : Optimizers.defaultLearningRate(optimizer);
  }

  private int threadCount() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  private static Object epochJson(Trainer.EpochReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", report.epoch());
    json.put("loss", report.loss());
    json.put("accuracy", report.accuracy());
    json.put("seconds", report.seconds());
    return json;
  }

  private static void createDirectory(Path dir) throws MojoFailureException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MojoFailureException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
