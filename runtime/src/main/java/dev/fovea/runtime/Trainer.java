package dev.fovea.runtime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic mini-batch training: the same seed gives bit-identical weights for any thread count.
 *
 * <p>Each batch is cut into a number of contiguous shards that depends only on its size; every shard
 * has its own replica (private gradients), threads merely pick shards, and the shard gradients are
 * summed in shard order. Floating-point addition is not associative, so fixing the shards and the
 * reduction order, rather than the threads, is what makes the result independent of scheduling.
 * Epochs run whole ({@link #runEpoch}) or batch by batch ({@link #startEpoch}, {@link #trainNextBatch},
 * {@link #finishEpoch}), which is how {@link TrainingRun} adds schedules, validation and checkpoints. A network
 * with batch norm trains stage by stage ({@link BatchStages}); the update after the shards is {@link BatchUpdate}.
 */
public final class Trainer implements AutoCloseable {

  /** Upper bound on shards per batch, hence on useful threads. */
  public static final int MAX_SHARDS = 8;

  /** Training settings; {@code threads} defaults to the available processors. */
  public record Config(int epochs, int batchSize, long seed, int threads) {
    /** Checks that epochs, batch size and threads are positive. */
    public Config {
      if (epochs <= 0 || batchSize <= 0 || threads <= 0) {
        throw new IllegalArgumentException(
            "epochs, batchSize and threads must be positive: " + epochs + ", " + batchSize + ", " + threads);
      }
    }

    /** Settings with one thread per available processor. */
    public Config(int epochs, int batchSize, long seed) {
      this(epochs, batchSize, seed, Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * What one epoch achieved; accuracies are fractions in [0, 1]. {@code learningRate} is the rate of the
   * epoch's last step; the validation figures are NaN when there is no validation set.
   */
  public record EpochReport(int epoch, int epochs, double loss, double accuracy, double seconds,
      double imagesPerSecond, double learningRate, double validationLoss, double validationAccuracy) {

    /** A report without learning rate or validation figures. */
    public EpochReport(int epoch, int epochs, double loss, double accuracy, double seconds, double imagesPerSecond) {
      this(epoch, epochs, loss, accuracy, seconds, imagesPerSecond, Double.NaN, Double.NaN, Double.NaN);
    }

    /** This report with the validation loss and accuracy. */
    public EpochReport withValidation(double loss, double accuracy) {
      return new EpochReport(epoch, epochs, this.loss, this.accuracy, seconds, imagesPerSecond, learningRate,
          loss, accuracy);
    }

    /** Whether validation figures are present. */
    public boolean validated() {
      return !Double.isNaN(validationLoss);
    }

    /**
     * {@code epoch 1/5  loss 0.4123  accuracy 85.12 %  12.3 s  4,870 img/s}, with {@code val loss 0.3921  val
     * accuracy 86.40 %} after the accuracy when validated and {@code lr 0.001} when a learning rate is known.
     */
    public String format() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  accuracy %.2f %%",
          epoch, epochs, loss, accuracy * 100));
      if (validated()) {
        sb.append(String.format(Locale.ROOT, "  val loss %.4f  val accuracy %.2f %%", validationLoss,
            validationAccuracy * 100));
      }
      if (!Double.isNaN(learningRate)) {
        sb.append(learningRate == 0 ? "  lr 0" : String.format(Locale.ROOT, "  lr %.3g", learningRate));
      }
      return sb.append(String.format(Locale.ROOT, "  %.1f s  %,d img/s", seconds, Math.round(imagesPerSecond)))
          .toString();
    }
  }

  /** Receives a report after every epoch and, optionally, a progress call after every batch. */
  @FunctionalInterface
  public interface Listener {
    /** Called on the training thread after every epoch. */
    void epochFinished(EpochReport report);

    /**
     * Called on the training thread after batch {@code batch} (1-based) of {@code batches} of an epoch,
     * when {@code samples} samples of the epoch are done with mean loss {@code loss} so far. Primitive
     * arguments only, so that reporting allocates nothing per batch unless the listener does.
     */
    default void batchFinished(int epoch, int batch, int batches, int samples, double loss) {}
  }

  /** A listener printing {@link EpochReport#format()} lines to standard output. */
  public static Listener console() {
    return console(System.out);
  }

  /** A listener printing {@link EpochReport#format()} lines to {@code out}. */
  public static Listener console(PrintStream out) {
    return report -> out.println(report.format());
  }

  private final Model model;
  private final Optimizer optimizer;
  private final Config config;
  private final TrainingOptions options;
  private final Model[] replicas;
  private final float[][] shardGradients;
  private final BatchUpdate update;
  private final ShardPool pool;
  // Each shard's siblings (with batch norm) and sums (BatchStages), its samples, and the batch's sums.
  private final BatchStages.Shard[] staged;
  private final BatchStages.Samples[] stagedSamples;
  private final double[][] shardSums;
  private final double[] sums;
  private final BatchStages.Rounds rounds = new BatchStages.Rounds() {
    @Override
    public void run(int stage, boolean forward) {
      roundStage = stage;
      roundForward = forward;
      pool.run(batchShards);
    }

    @Override
    public double[] reduce() {
      return BatchStages.sum(shardSums, batchShards, sums);
    }
  };
  // The round in progress (a one-stage network has one per batch).
  private int roundStage;
  private boolean roundForward;
  private int[] order = new int[0];
  private boolean closed;
  private volatile boolean stopRequested;

  // The epoch in progress, batch by batch.
  private Dataset epochData;
  private int epoch;
  private int batchesDone;
  private double epochLoss;
  private long epochCorrect;
  private long epochStart;

  // The batch being processed; written before a round starts and read by the pool threads, so the
  // pool's happens-before edges make plain fields safe.
  private int batchStart;
  private int batchLength;
  private int batchShards;

  /** A trainer without regularisation or augmentation. */
  public Trainer(Model model, Optimizer optimizer, Config config) {
    this(model, optimizer, config, TrainingOptions.NONE);
  }

  /** Prepares replicas, buffers and (for more than one thread) persistent daemon threads. */
  public Trainer(Model model, Optimizer optimizer, Config config, TrainingOptions options) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    this.options = options;
    if (options.weightDecay() > 0 && options.decoupledWeightDecay() && Float.isNaN(optimizer.learningRate())) {
      throw new IllegalArgumentException("decoupled weight decay scales with the learning rate, which " + optimizer
          + " does not report");
    }
    int shards = Math.min(config.batchSize(), MAX_SHARDS);
    replicas = new Model[shards];
    shardGradients = new float[shards][];
    staged = new BatchStages.Shard[shards];
    stagedSamples = new BatchStages.Samples[shards];
    shardSums = new double[shards][];
    for (int s = 0; s < shards; s++) {
      replicas[s] = model.replica();
      replicas[s].zeroGradients();
      shardGradients[s] = replicas[s].gradients();
      staged[s] = new BatchStages.Shard(replicas[s], (config.batchSize() + shards - 1) / shards);
      stagedSamples[s] = new ShardSamples(s);
      shardSums[s] = staged[s].sums();
    }
    sums = new double[model.sumsSize()];
    update = new BatchUpdate(model, optimizer, options);
    // More threads than shards would have nothing to do.
    pool = new ShardPool("fovea-trainer", "training", Math.min(config.threads(), shards),
        (shard, worker) -> runShard(shard));
  }

  /** The model this trainer updates. */
  public Model model() {
    return model;
  }

  /** The settings this trainer was made with. */
  public Config config() {
    return config;
  }

  /** The per-step options this trainer applies. */
  public TrainingOptions options() {
    return options;
  }

  /** The optimiser that updates the parameters. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The optimiser's current learning rate (NaN if it has none). */
  public float learningRate() {
    return optimizer.learningRate();
  }

  /** Sets the learning rate of the following steps; for schedules. */
  public void setLearningRate(double rate) {
    optimizer.setLearningRate((float) rate);
  }

  /**
   * Asks training to stop once the current epoch ends, as Keras' {@code model.stop_training = True}: a
   * listener may call it from {@link Listener#epochFinished} or {@link Listener#batchFinished}.
   */
  public void stopTraining() {
    stopRequested = true;
  }

  /** Whether {@link #stopTraining()} was called since the run began. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /** Clears a stop request, as a new run begins. */
  void clearStopRequest() {
    stopRequested = false;
  }

  /** Trains for {@code config.epochs()} epochs (fewer if a listener stops it), reporting each to {@code listener}. */
  public List<EpochReport> fit(Dataset train, Listener listener) {
    List<EpochReport> reports = new ArrayList<>();
    clearStopRequest();
    for (int e = 1; e <= config.epochs() && !stopRequested; e++) {
      EpochReport report = runEpoch(train, e, listener);
      reports.add(report);
      if (listener != null) {
        listener.epochFinished(report);
      }
    }
    return reports;
  }

  /**
   * Trains one epoch; {@code epoch} (1-based) selects the shuffle, so epochs can be re-run alone.
   *
   * @throws IllegalStateException if the trainer is closed, training diverges (the message names the epoch,
   *     the batch and the layer), or the calling thread is interrupted (its interrupt flag stays set)
   */
  public EpochReport runEpoch(Dataset train, int epoch) {
    return runEpoch(train, epoch, null);
  }

  /** As {@link #runEpoch(Dataset, int)}, calling {@link Listener#batchFinished} (if non-null) after every batch. */
  public EpochReport runEpoch(Dataset train, int epoch, Listener progress) {
    startEpoch(train, epoch);
    while (hasNextBatch()) {
      trainNextBatch();
      if (progress != null) {
        progress.batchFinished(epoch, batchesDone, batches(), samplesDone(), epochLoss / samplesDone());
      }
    }
    return finishEpoch();
  }

  /** Starts epoch {@code epoch} (1-based) of {@code train}: its shuffle depends on the seed and the epoch only. */
  public void startEpoch(Dataset train, int epoch) {
    resumeEpoch(train, epoch, 0, 0, 0);
  }

  /**
   * Continues epoch {@code epoch} after {@code batchesDone} batches whose loss sum and correct count were
   * {@code lossSum} and {@code correct}, as a checkpoint recorded them.
   */
  public void resumeEpoch(Dataset train, int epoch, int batchesDone, double lossSum, long correct) {
    if (closed) {
      throw new IllegalStateException("trainer is closed");
    }
    check(train);
    if (epoch < 1 || batchesDone < 0 || batchesDone > batches(train.size())) {
      throw new IllegalArgumentException("no batch " + batchesDone + " in epoch " + epoch + " of " + train.name());
    }
    shuffle(train.size(), epoch);
    this.epochData = train;
    this.epoch = epoch;
    this.batchesDone = batchesDone;
    this.epochLoss = lossSum;
    this.epochCorrect = correct;
    this.epochStart = System.nanoTime();
  }

  /** Whether the current epoch has batches left. */
  public boolean hasNextBatch() {
    return epochData != null && batchesDone < batches();
  }

  /** Trains the next batch of the current epoch: one optimiser step. Allocates nothing. */
  public void trainNextBatch() {
    int from = batchesDone * config.batchSize();
    int length = Math.min(config.batchSize(), epochData.size() - from);
    runBatch(from, length, batchesDone + 1);
    batchesDone++;
    for (int s = 0; s < batchShards; s++) {
      epochLoss += staged[s].loss();
      epochCorrect += staged[s].correct();
    }
  }

  /** The report of the current epoch so far (normally called once every batch is done). */
  public EpochReport finishEpoch() {
    int n = samplesDone();
    double seconds = (System.nanoTime() - epochStart) / 1e9;
    return new EpochReport(epoch, config.epochs(), n == 0 ? Double.NaN : epochLoss / n,
        n == 0 ? Double.NaN : (double) epochCorrect / n, seconds, seconds > 0 ? n / seconds : 0,
        optimizer.learningRate(), Double.NaN, Double.NaN);
  }

  /** The current epoch (1-based). */
  public int epoch() {
    return epoch;
  }

  /** Batches of the current epoch done so far. */
  public int batchesDone() {
    return batchesDone;
  }

  /** Batches per epoch of the current data set. */
  public int batches() {
    return batches(epochData.size());
  }

  private int batches(int samples) {
    return (samples + config.batchSize() - 1) / config.batchSize();
  }

  /** Samples of the current epoch done so far. */
  public int samplesDone() {
    return Math.min(batchesDone * config.batchSize(), epochData.size());
  }

  /** The summed loss of the current epoch's samples so far. */
  public double epochLossSum() {
    return epochLoss;
  }

  /** How many of the current epoch's samples so far were classified correctly. */
  public long epochCorrect() {
    return epochCorrect;
  }

  private void check(Dataset train) {
    if (train.imageSize() != model.inputSize()) {
      throw new IllegalArgumentException(train.name() + " has " + train.channels() + "x" + train.height() + "x"
          + train.width() + " images but " + model.name() + " takes " + model.inputChannels() + "x"
          + model.inputHeight() + "x" + model.inputWidth());
    }
    if (train.classes() > model.outputSize()) {
      throw new IllegalArgumentException(train.name() + " has " + train.classes() + " classes but "
          + model.name() + " has " + model.outputSize() + " outputs");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException(train.name() + " is empty");
    }
  }

  // Fisher-Yates from the identity, so an epoch's order depends on (seed, epoch) only.
  private void shuffle(int n, int epoch) {
    if (order.length != n) {
      order = new int[n];
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private void runBatch(int from, int length, int batch) {
    batchStart = from;
    batchLength = length;
    batchShards = Math.min(length, replicas.length);
    try {
      BatchStages.run(model, length, rounds);
    } catch (RuntimeException | Error e) {
      // The pool returns only once every thread is idle, so no shard can still be writing.
      zeroReplicaGradients();
      throw e;
    }
    double loss = 0;
    for (int s = 0; s < batchShards; s++) {
      loss += staged[s].loss();
    }
    double squares = update.mean(shardGradients, batchShards, length);
    // Both checked before stepping, so the parameters keep their last finite values.
    if (!Double.isFinite(loss) || !Double.isFinite(squares)) {
      zeroReplicaGradients();
      throw new IllegalStateException(Divergence.beforeStep(model, optimizer, update.mean(), loss, epoch, batch));
    }
    update.step(model.parameters(), squares);
    zeroReplicaGradients();
    // The update itself may overflow; caught here, the last batch of a run cannot diverge unseen.
    if (!Double.isFinite(BatchUpdate.sumOfSquares(model.parameters()))) {
      throw new IllegalStateException(Divergence.afterStep(model, optimizer, epoch, batch));
    }
  }

  private void zeroReplicaGradients() {
    for (Model r : replicas) {
      r.zeroGradients();
    }
  }

  /** Copies sample {@code index} (augmented when augmentation is on) to {@code into}; returns its dropout seed. */
  private long copySample(int index, float[] into, int offset) {
    Dataset data = epochData;
    int imageSize = data.imageSize();
    long key = Augmentation.key(config.seed(), epoch, index);
    if (options.augmentation().active()) {
      options.augmentation().apply(data.images(), index * imageSize, data.channels(), data.height(), data.width(),
          key, into, offset);
    } else {
      System.arraycopy(data.images(), index * imageSize, into, offset, imageSize);
    }
    return key;
  }

  /** One round of {@link BatchStages#run} for one shard, as {@link #rounds} asked. */
  private void runShard(int shard) {
    staged[shard].round(roundStage, roundForward, shardFrom(shard + 1) - shardFrom(shard), stagedSamples[shard],
        options.labelSmoothing());
  }

  /** Contiguous, balanced ranges that depend on the batch length alone: the first sample of {@code shard}. */
  private int shardFrom(int shard) {
    return (int) ((long) shard * batchLength / batchShards);
  }

  /** The samples of one shard of the batch in progress, for {@link BatchStages.Shard#round}. */
  private final class ShardSamples implements BatchStages.Samples {
    private final int shard;

    ShardSamples(int shard) {
      this.shard = shard;
    }

    @Override
    public long copy(int k, float[] into, int offset) {
      return copySample(order[batchStart + shardFrom(shard) + k], into, offset);
    }

    @Override
    public int label(int k) {
      return epochData.labels()[order[batchStart + shardFrom(shard) + k]];
    }
  }

  /** Stops the worker threads; later calls to {@link #fit} or {@link #runEpoch} fail. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
