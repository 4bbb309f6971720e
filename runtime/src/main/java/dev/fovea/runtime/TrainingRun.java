package dev.fovea.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A whole training run as Keras' {@code fit} does it: epochs of a {@link Trainer} with a validation set, a
 * learning-rate schedule, reduce-on-plateau, early stopping, a listener, and checkpoints every N epochs or
 * seconds from which an interrupted run resumes to bit-identical weights.
 */
public final class TrainingRun {

  /** The checkpoint layout this version writes and resumes from. */
  public static final String CHECKPOINT_FORMAT = "fovea-checkpoint/1";

  /** What a run did: its epochs, whether early stopping ended it, and where it resumed from (epoch 0: fresh). */
  public record History(List<Trainer.EpochReport> epochs, boolean stoppedEarly, int bestEpoch, boolean restoredBest,
      int resumedEpoch, int resumedBatch) {}

  private final Trainer trainer;
  private Dataset validation;
  // Kept from epoch to epoch, so each validation reuses its micro-batches.
  private Evaluator evaluator;
  private LearningRateSchedule schedule = LearningRateSchedule.constant();
  private ReduceLrOnPlateau plateau;
  private EarlyStopping earlyStopping;
  private Trainer.Listener listener;
  private Consumer<String> log = message -> {};
  private Path checkpoint;
  private int checkpointEpochs = 1;
  private long checkpointNanos;
  private String fingerprint = "";
  private boolean resume = true;
  private long lastCheckpoint;
  private String lastCheckpointPosition;

  /** A run that trains with {@code trainer}. */
  public TrainingRun(Trainer trainer) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
  }

  /** Evaluates loss and accuracy on {@code data} after every epoch (null: none). */
  public TrainingRun validation(Dataset data) {
    this.validation = data;
    return this;
  }

  /** Sets the learning-rate schedule. */
  public TrainingRun schedule(LearningRateSchedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    return this;
  }

  /** Lowers the rate when the monitored metric stops improving. */
  public TrainingRun reduceOnPlateau(ReduceLrOnPlateau plateau) {
    this.plateau = plateau;
    return this;
  }

  /** Stops early when the monitored metric stops improving. */
  public TrainingRun earlyStopping(EarlyStopping earlyStopping) {
    this.earlyStopping = earlyStopping;
    return this;
  }

  /** Progress and epoch reports; {@link Trainer#stopTraining()} from it ends the run after the epoch. */
  public TrainingRun listener(Trainer.Listener listener) {
    this.listener = listener;
    return this;
  }

  /** Where notes go: resuming, starting over, restoring the best weights. */
  public TrainingRun log(Consumer<String> log) {
    this.log = Objects.requireNonNull(log, "log");
    return this;
  }

  /**
   * Writes a checkpoint to {@code file} after every {@code everyEpochs} epochs, and within an epoch whenever
   * {@code everySeconds} (0: never) have passed since the last one, and at the end. {@code fingerprint} names
   * what the run depends on (network, data, settings): a checkpoint with another one is not resumed from.
   */
  public TrainingRun checkpoints(Path file, int everyEpochs, double everySeconds, String fingerprint) {
    if (everyEpochs < 1 || !(everySeconds >= 0)) {
      throw new IllegalArgumentException("checkpoint period must be at least 1 epoch and not negative seconds, got "
          + everyEpochs + " epochs, " + everySeconds + " s");
    }
    this.checkpoint = file;
    this.checkpointEpochs = everyEpochs;
    this.checkpointNanos = (long) (everySeconds * 1e9);
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    return this;
  }

  /** Whether to continue from an existing checkpoint for the same fingerprint (default) or start over. */
  public TrainingRun resume(boolean resume) {
    this.resume = resume;
    return this;
  }

  /** Trains on {@code train} until the configured epochs are done or a callback stops it. */
  public History run(Dataset train) {
    checkSettings();
    trainer.clearStopRequest();
    Model model = trainer.model();
    float[] params = model.parameters();
    double baseRate = trainer.learningRate();
    boolean scheduled = !(schedule instanceof LearningRateSchedule.Constant) || plateau != null;
    int epochs = trainer.config().epochs();
    int steps = (train.size() + trainer.config().batchSize() - 1) / trainer.config().batchSize();
    List<Trainer.EpochReport> history = new ArrayList<>();
    int[] position = {1, 0};
    double[] sums = {0, 0};
    boolean stopped = checkpoint != null && resume && restore(history, position, sums);
    int resumedEpoch = position[0] == 1 && position[1] == 0 ? 0 : position[0];
    int resumedBatch = position[1];
    lastCheckpoint = System.nanoTime();
    for (int epoch = position[0]; epoch <= epochs && !stopped; epoch++) {
      boolean first = epoch == position[0];
      trainer.resumeEpoch(train, epoch, first ? position[1] : 0, first ? sums[0] : 0, first ? (long) sums[1] : 0);
      while (trainer.hasNextBatch()) {
        if (scheduled) {
          long step = (long) (epoch - 1) * steps + trainer.batchesDone();
          trainer.setLearningRate(baseRate * schedule.factor(step, steps, epochs) * multiplier());
        }
        train(epoch);
        if (listener != null) {
          listener.batchFinished(epoch, trainer.batchesDone(), trainer.batches(), trainer.samplesDone(),
              trainer.epochLossSum() / trainer.samplesDone());
        }
        if (checkpointNanos > 0 && trainer.hasNextBatch() && System.nanoTime() - lastCheckpoint >= checkpointNanos) {
          save(history, epoch, trainer.batchesDone(), trainer.epochLossSum(), trainer.epochCorrect(), false);
        }
      }
      Trainer.EpochReport report = trainer.finishEpoch();
      if (validation != null) {
        if (evaluator == null) {
          evaluator = new Evaluator(model, trainer.config().threads());
        }
        Evaluation e = evaluator.evaluate(validation, 1);
        report = report.withValidation(e.loss(), e.accuracy());
      }
      history.add(report);
      if (listener != null) {
        listener.epochFinished(report);
      }
      if (plateau != null) {
        plateau.update(report, baseRate);
      }
      stopped = earlyStopping != null && earlyStopping.update(report, params) || trainer.stopRequested();
      if (checkpoint != null && (epoch % checkpointEpochs == 0 || epoch == epochs || stopped
          || checkpointNanos > 0 && System.nanoTime() - lastCheckpoint >= checkpointNanos)) {
        save(history, epoch + 1, 0, 0, 0, stopped);
      }
    }
    boolean restored = earlyStopping != null && earlyStopping.bestEpoch() != history.get(history.size() - 1).epoch()
        && earlyStopping.restore(params);
    if (restored) {
      log.accept("Restored the weights of epoch " + earlyStopping.bestEpoch() + ", the best " + earlyStopping.monitor());
    }
    return new History(List.copyOf(history), stopped && earlyStopping != null && !trainer.stopRequested(),
        earlyStopping == null ? 0 : earlyStopping.bestEpoch(), restored, resumedEpoch, resumedBatch);
  }

  private double multiplier() {
    return plateau == null ? 1 : plateau.multiplier();
  }

  private void train(int epoch) {
    try {
      trainer.trainNextBatch();
    } catch (IllegalStateException e) {
      if (checkpoint != null && lastCheckpointPosition != null && e.getMessage().startsWith(Divergence.PREFIX)) {
        throw new IllegalStateException(e.getMessage() + "; the last good checkpoint (" + lastCheckpointPosition
            + ") is kept in " + checkpoint, e);
      }
      throw e;
    }
  }

  private void checkSettings() {
    boolean scheduled = !(schedule instanceof LearningRateSchedule.Constant) || plateau != null;
    if (scheduled && Float.isNaN(trainer.learningRate())) {
      throw new IllegalArgumentException("a learning-rate schedule needs an optimiser with a learning rate");
    }
    for (Metric m : new Metric[] {
        earlyStopping == null ? null : earlyStopping.monitor(), plateau == null ? null : plateau.monitor()}) {
      if (m != null && m.needsValidation() && validation == null) {
        throw new IllegalArgumentException("cannot monitor " + m + " without a validation set: set a validation "
            + "split or validation data, or monitor " + (m == Metric.VAL_LOSS ? Metric.LOSS : Metric.ACCURACY));
      }
    }
  }

  private void save(List<Trainer.EpochReport> history, int epoch, int batch, double lossSum, long correct,
      boolean stopped) {
    Model model = trainer.model();
    Optimizer optimizer = trainer.optimizer();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("format", CHECKPOINT_FORMAT);
    state.put("fingerprint", fingerprint);
    state.put("network", model.name());
    state.put("epoch", epoch);
    state.put("batch", batch);
    state.put("lossSum", lossSum);
    state.put("correct", correct);
    state.put("stopped", stopped);
    state.put("iterations", optimizer.iterations());
    // Every random draw (shuffle, augmentation) is a pure function of the seed, the epoch and the sample.
    state.put("rng", Map.of("seed", trainer.config().seed(), "draws", "pure functions of (seed, epoch, sample)"));
    state.put("history", history.stream().map(TrainingRun::epochJson).toList());
    if (plateau != null) {
      state.put("reduceOnPlateau", plateau.state());
    }
    float[][] moments = optimizer.state(model.parameterCount());
    state.put("optimizerArrays", moments.length);
    List<float[]> arrays = new ArrayList<>();
    arrays.add(model.parameters());
    arrays.addAll(List.of(moments));
    if (earlyStopping != null) {
      state.put("earlyStopping", earlyStopping.state());
      if (earlyStopping.bestWeights() != null) {
        arrays.add(earlyStopping.bestWeights());
      }
    }
    new Checkpoint(state, arrays).write(checkpoint);
    lastCheckpoint = System.nanoTime();
    lastCheckpointPosition = batch == 0 ? "after epoch " + (epoch - 1) : "epoch " + epoch + ", batch " + batch;
  }

  /** Loads a matching checkpoint; returns whether it says training had stopped. */
  @SuppressWarnings("unchecked")
  private boolean restore(List<Trainer.EpochReport> history, int[] position, double[] sums) {
    Checkpoint c = Checkpoint.read(checkpoint);
    if (c == null) {
      return false;
    }
    Map<String, Object> s = c.state();
    Model model = trainer.model();
    if (!CHECKPOINT_FORMAT.equals(s.get("format")) || !fingerprint.equals(s.get("fingerprint"))) {
      log.accept("Starting over: " + checkpoint + " is from another network, data set or settings");
      return false;
    }
    try {
      int n = model.parameterCount();
      float[][] moments = trainer.optimizer().state(n);
      int arrays = c.arrays().size();
      boolean best = earlyStopping != null && arrays == 2 + moments.length;
      if (((Number) s.get("optimizerArrays")).intValue() != moments.length || arrays != 1 + moments.length + (best ? 1 : 0)
          || c.arrays().stream().anyMatch(a -> a.length != n)) {
        throw new DataFileException(checkpoint, "does not fit " + model.name() + " and " + trainer.optimizer()
            + ": delete it or set resume to false");
      }
      System.arraycopy(c.arrays().get(0), 0, model.parameters(), 0, n);
      for (int i = 0; i < moments.length; i++) {
        System.arraycopy(c.arrays().get(1 + i), 0, moments[i], 0, n);
      }
      trainer.optimizer().restoreIterations(((Number) s.get("iterations")).longValue());
      if (plateau != null) {
        plateau.restoreState((Map<String, Object>) s.get("reduceOnPlateau"));
      }
      if (earlyStopping != null) {
        earlyStopping.restoreState((Map<String, Object>) s.get("earlyStopping"),
            best ? c.arrays().get(arrays - 1) : null);
      }
      for (Object e : (List<Object>) s.get("history")) {
        history.add(epochFromJson((Map<String, Object>) e, trainer.config().epochs()));
      }
      position[0] = ((Number) s.get("epoch")).intValue();
      position[1] = ((Number) s.get("batch")).intValue();
      sums[0] = ((Number) s.get("lossSum")).doubleValue();
      sums[1] = ((Number) s.get("correct")).longValue();
      lastCheckpointPosition = position[1] == 0 ? "after epoch " + (position[0] - 1)
          : "epoch " + position[0] + ", batch " + position[1];
      log.accept("Resuming from " + checkpoint + " (" + lastCheckpointPosition + ")");
      return Boolean.TRUE.equals(s.get("stopped"));
    } catch (ClassCastException | NullPointerException e) {
      throw new DataFileException(checkpoint, Checkpoint.CORRUPT + " (" + e.getMessage() + "): delete it or set "
          + "resume to false", e);
    }
  }

  /**
   * A warning when a final training accuracy is at chance level, i.e. within a tenth of the way from always
   * predicting the most frequent class of {@code train} to perfect; null otherwise. Training that diverged
   * quietly (e.g. Adam at learning rate 100) ends here with finite but useless weights.
   */
  public static String chanceWarning(double accuracy, Dataset train) {
    int[] counts = new int[train.classes()];
    for (int label : train.labels()) {
      counts[label]++;
    }
    double majority = (double) java.util.Arrays.stream(counts).max().orElse(0) / Math.max(1, train.size());
    if (accuracy > majority + 0.1 * (1 - majority)) {
      return null;
    }
    return String.format(java.util.Locale.ROOT, AT_CHANCE, accuracy * 100, majority * 100);
  }

  /** The chance-level warning's text: the final accuracy, then the most frequent class's share, in percent. */
  public static final String AT_CHANCE = "final training accuracy %.2f %% is at chance level (always predicting the "
      + "most frequent class scores %.2f %%): the network learned nothing useful; lower the learning rate, or check "
      + "the data and labels";

  /** One epoch as the metadata's history records it; validation figures only when validated. */
  public static Map<String, Object> epochJson(Trainer.EpochReport r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", r.epoch());
    json.put("loss", r.loss());
    json.put("accuracy", r.accuracy());
    if (r.validated()) {
      json.put("valLoss", r.validationLoss());
      json.put("valAccuracy", r.validationAccuracy());
    }
    if (!Double.isNaN(r.learningRate())) {
      json.put("learningRate", r.learningRate());
    }
    json.put("seconds", r.seconds());
    return json;
  }

  private static Trainer.EpochReport epochFromJson(Map<String, Object> json, int epochs) {
    double seconds = number(json, "seconds");
    return new Trainer.EpochReport(((Number) json.get("epoch")).intValue(), epochs, number(json, "loss"),
        number(json, "accuracy"), seconds, Double.NaN, number(json, "learningRate"), number(json, "valLoss"),
        number(json, "valAccuracy"));
  }

  private static double number(Map<String, Object> json, String key) {
    return json.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
