package dev.fovea.maven;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.DataSource;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.EarlyStopping;
import dev.fovea.runtime.ImageFolder;
import dev.fovea.runtime.LearningRateSchedule;
import dev.fovea.runtime.Metric;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizer;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.ReduceLrOnPlateau;
import dev.fovea.runtime.Sgd;
import dev.fovea.runtime.TrainTest;
import dev.fovea.runtime.TrainingOptions;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/** Turns fovea:train's settings into the runtime's trainer, callbacks and data, and into the metadata. */
final class TrainingSetup {

  /** The schedules {@code fovea.schedule} accepts. */
  static final String SCHEDULES = "constant, step, exponential, cosine, onecycle, plateau";

  /** The data a run trains and validates on, and the standardisation constants (null when not standardised). */
  record Data(Dataset train, Dataset validation, Double mean, Double std, boolean images) {}

  private final TrainMojo m;

  TrainingSetup(TrainMojo mojo) throws MojoFailureException {
    this.m = mojo;
    if (!(m.validationSplit >= 0 && m.validationSplit < 1)) {
      throw new MojoFailureException("validationSplit is a fraction in [0, 1), e.g. 0.1, not " + m.validationSplit);
    }
    if (m.validationSplit > 0 && m.validationData != null) {
      throw new MojoFailureException("set either validationSplit or validationData, not both");
    }
    if (m.patience < 0 || m.checkpointEpochs < 1 || !(m.checkpointMinutes >= 0)) {
      throw new MojoFailureException("patience must not be negative, checkpointEpochs must be at least 1 and "
          + "checkpointMinutes not negative: got " + m.patience + ", " + m.checkpointEpochs + ", "
          + m.checkpointMinutes);
    }
    schedule(); // fails early on an unknown schedule or a bad factor
    Metric.parse(m.monitor());
  }

  /** The configured learning rate, or Keras' default for the optimiser. */
  double learningRate() {
    return m.learningRate != null ? m.learningRate : Optimizers.defaultLearningRate(m.optimizer);
  }

  Optimizer optimizer() {
    return Optimizers.parse(m.optimizer, learningRate());
  }

  Trainer.Config config() {
    return new Trainer.Config(m.epochs, m.batchSize, m.seed, m.threadCount());
  }

  /** Regularisation and augmentation; padding takes the value a black pixel has after standardisation. */
  TrainingOptions options(Data data) {
    float fill = data.mean() == null ? 0f : (float) ((0 - data.mean()) / data.std());
    // AdamW-style decay for adaptive optimisers; for SGD, decoupled and L2 decay are the same up to the rate.
    boolean decoupled = !(optimizer() instanceof Sgd);
    return new TrainingOptions((float) m.labelSmoothing, (float) m.clipNorm, (float) m.weightDecay, decoupled,
        new Augmentation(m.cropPadding, m.flip, m.translate, fill));
  }

  private String scheduleName() {
    return m.schedule == null ? "constant" : m.schedule.strip().toLowerCase(Locale.ROOT);
  }

  LearningRateSchedule schedule() throws MojoFailureException {
    return switch (scheduleName()) {
      case "constant", "plateau" -> LearningRateSchedule.constant();
      case "step" -> LearningRateSchedule.step(m.decayEpochs, m.decayRate == null ? 0.1 : m.decayRate);
      case "exponential" -> LearningRateSchedule.exponential(m.decayRate == null ? 0.9 : m.decayRate);
      case "cosine" -> LearningRateSchedule.cosine(m.warmupEpochs, m.minLearningRate / learningRate());
      case "onecycle" -> LearningRateSchedule.oneCycle();
      default -> throw new MojoFailureException("unknown schedule \"" + m.schedule + "\", expected one of: "
          + SCHEDULES);
    };
  }

  /** A run with the validation set, the schedule, reduce-on-plateau and early stopping as configured. */
  TrainingRun run(Trainer trainer, Data data) throws MojoFailureException {
    Metric monitor = Metric.parse(m.monitor());
    TrainingRun run = new TrainingRun(trainer).validation(data.validation()).schedule(schedule());
    if (scheduleName().equals("plateau")) {
      run.reduceOnPlateau(new ReduceLrOnPlateau(monitor, m.decayRate == null ? 0.1 : m.decayRate, m.decayEpochs,
          m.minLearningRate));
    }
    if (m.patience > 0) {
      run.earlyStopping(new EarlyStopping(monitor, m.patience, m.minDelta, m.restoreBestWeights));
    }
    return run;
  }

  /** Loads, inverts, splits and standardises the data with the training part's statistics. */
  Data load(Model model, Path source) {
    int c = model.inputChannels();
    int h = model.inputHeight();
    int w = model.inputWidth();
    int classes = model.outputSize();
    Dataset train = DataSource.load(source, DataSource.Part.TRAIN, c, h, w, classes, model.labels());
    Dataset validation = null;
    if (m.validationData != null) {
      validation = DataSource.load(m.validationData.toPath(), DataSource.Part.TEST, c, h, w, classes, model.labels());
    }
    if (m.invert) {
      train = train.inverted();
      validation = validation == null ? null : validation.inverted();
    }
    if (m.validationSplit > 0) {
      TrainTest split = train.split(m.validationSplit, m.seed);
      train = split.train();
      validation = split.test();
    }
    boolean images = Files.isDirectory(source) && DataSource.imageFolders(source, DataSource.Part.TRAIN) != null
        && ImageFolder.isImage(DataSource.files(source, DataSource.Part.TRAIN).get(0));
    if (!m.standardize) {
      return new Data(train, validation, null, null, images);
    }
    double[] stats = train.pixelMeanAndStd();
    return new Data(train.standardized(stats[0], stats[1]),
        validation == null ? null : validation.standardized(stats[0], stats[1]), stats[0], stats[1], images);
  }

  /** What the weights depend on: the generated class, the training (and validation) files and the settings. */
  Fingerprint fingerprint(byte[] classBytes, Path source) {
    // Threads, checkpoints and resuming are left out on purpose: none of them changes the weights.
    String settings = String.format(Locale.ROOT, "optimizer=%s learningRate=%s epochs=%d batchSize=%d seed=%d "
        + "standardize=%b", m.optimizer.strip().toLowerCase(Locale.ROOT), learningRate(), m.epochs, m.batchSize, m.seed,
        m.standardize) + " " + settings().entrySet().stream().skip(6).map(e -> e.getKey() + "=" + e.getValue())
        .reduce((a, b) -> a + " " + b).orElse("");
    List<Path> files = new ArrayList<>(DataSource.files(source, DataSource.Part.TRAIN));
    if (m.validationData != null) {
      files.addAll(DataSource.files(m.validationData.toPath(), DataSource.Part.TEST));
    }
    return new Fingerprint(Fingerprint.sha256(classBytes), Fingerprint.sha256(files), Fingerprint.sha256(settings));
  }

  /** The settings as the metadata records them; the first six are the original ones. */
  Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("optimizer", m.optimizer);
    s.put("learningRate", learningRate());
    s.put("epochs", m.epochs);
    s.put("batchSize", m.batchSize);
    s.put("seed", m.seed);
    s.put("threads", m.threadCount());
    s.put("invert", m.invert);
    s.put("validationSplit", m.validationSplit);
    s.put("validationData", m.validationData == null ? null : m.relative(m.validationData.toPath()));
    s.put("schedule", scheduleName());
    s.put("decayRate", m.decayRate);
    s.put("decayEpochs", m.decayEpochs);
    s.put("warmupEpochs", m.warmupEpochs);
    s.put("minLearningRate", m.minLearningRate);
    s.put("patience", m.patience);
    s.put("monitor", m.monitor());
    s.put("minDelta", m.minDelta);
    s.put("restoreBestWeights", m.restoreBestWeights);
    s.put("weightDecay", m.weightDecay);
    s.put("clipNorm", m.clipNorm);
    s.put("labelSmoothing", m.labelSmoothing);
    s.put("flip", m.flip);
    s.put("cropPadding", m.cropPadding);
    s.put("translate", m.translate);
    return s;
  }

  /** The first log line: what trains on what, and every setting that is not off. */
  String describe(String name, String source, Data data, String backend) throws MojoFailureException {
    String inputs = data.mean() != null
        ? String.format(Locale.ROOT, "standardised with mean %.4f, std %.4f", data.mean(), data.std())
        : "raw [0, 1]";
    String validation = data.validation() == null ? ""
        : String.format(Locale.ROOT, ", %,d for validation", data.validation().size());
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Training %s on %s (%,d images%s, %s%s): %s, "
        + "learning rate %s, batch %d, epochs %d, seed %d, threads %d, %s backend", name, source, data.train().size(),
        validation, m.invert ? "inverted, " : "", inputs, m.optimizer, learningRate(), m.batchSize, m.epochs, m.seed,
        m.threadCount(), backend));
    if (!scheduleName().equals("constant")) {
      line.append("; schedule ").append(scheduleName().equals("plateau")
          ? "reduce-on-plateau of " + m.monitor() : schedule().toString());
    }
    if (m.patience > 0) {
      line.append("; early stopping on ").append(m.monitor()).append(" (patience ").append(m.patience).append(')');
    }
    TrainingOptions o = options(data);
    if (o.weightDecay() > 0) {
      line.append("; weight decay ").append(m.weightDecay).append(o.decoupledWeightDecay() ? " (decoupled)" : " (L2)");
    }
    if (o.clipNorm() > 0) {
      line.append("; clip norm ").append(m.clipNorm);
    }
    if (o.labelSmoothing() > 0) {
      line.append("; label smoothing ").append(m.labelSmoothing);
    }
    if (o.augmentation().active()) {
      line.append("; augmentation").append(m.flip ? " flip" : "")
          .append(m.cropPadding > 0 ? " crop-padding " + m.cropPadding : "")
          .append(m.translate > 0 ? " translate " + m.translate : "");
    }
    return line.toString();
  }

  Metadata metadata(Model model, String generated, String source, Data data, TrainingRun.History history,
      Fingerprint fingerprint, String weightsSha256) {
    List<Trainer.EpochReport> epochs = history.epochs();
    Trainer.EpochReport last = epochs.get(epochs.size() - 1);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("trainLoss", last.loss());
    metrics.put("trainAccuracy", last.accuracy());
    if (last.validated()) {
      metrics.put("valLoss", last.validationLoss());
      metrics.put("valAccuracy", last.validationAccuracy());
    }
    metrics.put("seconds", epochs.stream().mapToDouble(Trainer.EpochReport::seconds).sum());
    if (m.patience > 0) {
      metrics.put("stoppedEarly", history.stoppedEarly());
      metrics.put("bestEpoch", history.bestEpoch());
      metrics.put("restoredBestWeights", history.restoredBest());
    }
    if (history.resumedEpoch() > 0) {
      metrics.put("resumedFrom", Map.of("epoch", history.resumedEpoch(), "batch", history.resumedBatch()));
    }
    metrics.put("epochs", epochs.stream().map(TrainingRun::epochJson).toList());
    Map<String, Object> image = null;
    if (data.images()) {
      image = new LinkedHashMap<>();
      image.put("decoder", "javax.imageio (PNG, JPEG)");
      image.put("color", model.inputChannels() == 1 ? ImageFolder.GRAYSCALE : "rgb");
      image.put("resize", ImageFolder.RESIZE);
      image.put("height", (long) model.inputHeight());
      image.put("width", (long) model.inputWidth());
    }
    List<Long> shape = List.of((long) model.inputChannels(), (long) model.inputHeight(), (long) model.inputWidth());
    return new Metadata(ProjectNetworks.userName(generated), generated, shape, model.labels(), source, data.mean(),
        data.std(), settings(), metrics, fingerprint, weightsSha256, m.invert, image);
  }
}
