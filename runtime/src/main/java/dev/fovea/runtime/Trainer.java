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

  /** What one epoch achieved; {@code accuracy} is a fraction in [0, 1]. */
  public record EpochReport(
      int epoch, int epochs, double loss, double accuracy, double seconds, double imagesPerSecond) {

    /** {@code epoch 1/5  loss 0.4123  accuracy 85.12 %  12.3 s  4,870 img/s}. */
    public String format() {
      return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  accuracy %.2f %%  %.1f s  %,d img/s",
          epoch, epochs, loss, accuracy * 100, seconds, Math.round(imagesPerSecond));
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
  private final Model[] replicas;
  private final float[][] outputGradients;
  private final double[] shardLoss;
  private final int[] shardCorrect;
  private final float[] meanGradient;
  private final ShardPool pool;
  private int[] order = new int[0];
  private boolean closed;

  // The batch being processed; written before a round starts and read by the pool threads, so the
  // pool's happens-before edges make plain fields safe.
  private Dataset batchData;
  private int batchStart;
  private int batchLength;
  private int batchShards;

  /** Prepares replicas, buffers and (for more than one thread) persistent daemon threads. */
  public Trainer(Model model, Optimizer optimizer, Config config) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    int shards = Math.min(config.batchSize(), MAX_SHARDS);
    replicas = new Model[shards];
    outputGradients = new float[shards][model.outputSize()];
    for (int s = 0; s < shards; s++) {
      replicas[s] = model.replica();
      replicas[s].zeroGradients();
    }
    shardLoss = new double[shards];
    shardCorrect = new int[shards];
    meanGradient = new float[model.parameterCount()];
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

  /** Trains for {@code config.epochs()} epochs, reporting each to {@code listener} (may be null). */
  public List<EpochReport> fit(Dataset train, Listener listener) {
    List<EpochReport> reports = new ArrayList<>();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      EpochReport report = runEpoch(train, epoch, listener);
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
   * @throws IllegalStateException if the trainer is closed, the loss stops being finite, or the
   *     calling thread is interrupted (its interrupt flag stays set)
   */
  public EpochReport runEpoch(Dataset train, int epoch) {
    return runEpoch(train, epoch, null);
  }

  /** As {@link #runEpoch(Dataset, int)}, calling {@link Listener#batchFinished} (if non-null) after every batch. */
  public EpochReport runEpoch(Dataset train, int epoch, Listener progress) {
    if (closed) {
      throw new IllegalStateException("trainer is closed");
    }
    check(train);
    long start = System.nanoTime();
    int n = train.size();
    shuffle(n, epoch);
    double lossSum = 0;
    long correct = 0;
    int batch = 0;
    int batches = (n + config.batchSize() - 1) / config.batchSize();
    for (int from = 0; from < n; from += config.batchSize()) {
      int length = Math.min(config.batchSize(), n - from);
      runBatch(train, from, length, epoch, ++batch);
      for (int s = 0; s < batchShards; s++) {
        lossSum += shardLoss[s];
        correct += shardCorrect[s];
      }
      if (progress != null) {
        progress.batchFinished(epoch, batch, batches, from + length, lossSum / (from + length));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochReport(epoch, config.epochs(), lossSum / n, (double) correct / n, seconds,
        seconds > 0 ? n / seconds : 0);
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

  private void runBatch(Dataset data, int from, int length, int epoch, int batch) {
    batchData = data;
    batchStart = from;
    batchLength = length;
    batchShards = Math.min(length, replicas.length);
    try {
      pool.run(batchShards);
    } catch (RuntimeException | Error e) {
      // The pool returns only once every thread is idle, so no shard can still be writing.
      zeroReplicaGradients();
      throw e;
    }
    double loss = 0;
    for (int s = 0; s < batchShards; s++) {
      loss += shardLoss[s];
    }
    if (!Double.isFinite(loss)) {
      // Checked before stepping, so the parameters keep their last finite values.
      zeroReplicaGradients();
      throw new IllegalStateException(divergence(loss, epoch, batch));
    }
    reduceAndStep(length);
  }

  private String divergence(double loss, int epoch, int batch) {
    float rate = optimizer.learningRate();
    String advice = Float.isNaN(rate)
        ? "lower the learning rate"
        : "the learning rate (" + rate + ") may be too high";
    return "loss is " + loss + " at epoch " + epoch + ", batch " + batch + ": " + advice;
  }

  private void zeroReplicaGradients() {
    for (Model r : replicas) {
      r.zeroGradients();
    }
  }

  private void runShard(int shard) {
    // Contiguous, balanced ranges that depend on the batch length alone.
    int lo = (int) ((long) shard * batchLength / batchShards);
    int hi = (int) ((long) (shard + 1) * batchLength / batchShards);
    Model replica = replicas[shard];
    float[] dOut = outputGradients[shard];
    float[] images = batchData.images();
    int[] labels = batchData.labels();
    int imageSize = batchData.imageSize();
    int outputs = model.outputSize();
    double loss = 0;
    int correct = 0;
    for (int k = lo; k < hi; k++) {
      int index = order[batchStart + k];
      int label = labels[index];
      float[] out = replica.forward(images, index * imageSize);
      if (Model.argmax(out, outputs) == label) {
        correct++;
      }
      loss += SoftmaxCrossEntropy.lossAndGradient(out, outputs, label, dOut);
      replica.backward(dOut);
    }
    shardLoss[shard] = loss;
    shardCorrect[shard] = correct;
  }

  private void reduceAndStep(int length) {
    float[] mean = meanGradient;
    System.arraycopy(replicas[0].gradients(), 0, mean, 0, mean.length);
    for (int s = 1; s < batchShards; s++) {
      float[] g = replicas[s].gradients();
      for (int i = 0; i < mean.length; i++) {
        mean[i] += g[i];
      }
    }
    float divisor = length;
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= divisor;
    }
    optimizer.step(model.parameters(), mean);
    for (int s = 0; s < batchShards; s++) {
      replicas[s].zeroGradients();
    }
  }

  /** Stops the worker threads; later calls to {@link #fit} or {@link #runEpoch} fail. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
