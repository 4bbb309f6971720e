package dev.fovea.spark;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.BatchUpdate;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizer;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark whose weights equal the runtime {@link Trainer}'s bit for bit for
 * the same initial weights, seed, data order and batch size, on any number of tasks.
 *
 * <p>Every epoch places each sample, by its position in the epoch's shuffle (the Trainer's), on the task that
 * computes its shard ({@link Shards}); the placed blocks stay cached for the epoch. Every step is one Spark job:
 * the driver broadcasts the weights, each task returns the gradient of each shard it owns, and the driver sums
 * them in shard order, divides by the batch length and steps the optimiser as the Trainer does ({@link
 * BatchUpdate}). A failed task is retried by Spark and recomputes the same shards from the same weights, so nothing
 * is lost or counted twice. Dropout masks are keyed as in the Trainer, by (seed, epoch, sample index). A network
 * with batch normalisation runs each step as one barrier stage whose tasks exchange the batch statistics between
 * stages ({@link BarrierStep}); augmentation is refused.
 */
final class DataParallelTrainer {

  private final JavaSparkContext sc;
  private final Model model;
  private final Optimizer optimizer;
  private final Trainer.Config config;
  private final TrainingOptions options;
  private final int tasks;
  private final BatchUpdate update;
  private long steps;
  private long stepNanos;
  private SparkCheckpoints checkpoints;
  private int currentEpoch;
  // Tests stand in for a driver killed mid-run: training throws once this many steps are done.
  long failAfterSteps = -1;
  // Tests only, null in production: run on a task before it computes a step's shards, given the batch's first
  // epoch position, so that TaskRetryTest can make an attempt fail.
  static volatile IntConsumer taskFaultForTests;

  /**
   * A trainer of {@code model} (its parameters are updated in place on the driver) on {@code tasks} Spark tasks;
   * {@code config.threads()} is ignored, the tasks are the parallelism.
   */
  DataParallelTrainer(JavaSparkContext sc, Model model, Optimizer optimizer, Trainer.Config config,
      TrainingOptions options, int tasks) {
    if (tasks <= 0) {
      throw new IllegalArgumentException("tasks must be positive, got " + tasks);
    }
    if (options.augmentation().active()) {
      throw new IllegalArgumentException("augmentation is not supported on Spark yet; train without it");
    }
    if (model.stages() > 1 && tasks > BarrierStep.slots(sc)) {
      throw new IllegalArgumentException(String.format(BarrierStep.TOO_FEW_SLOTS, tasks, BarrierStep.slots(sc)));
    }
    this.sc = sc;
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    this.options = options;
    this.tasks = tasks;
    this.update = new BatchUpdate(model, optimizer, options);
  }

  /**
   * Trains {@code config.epochs()} epochs on {@code data}: sample i of the epoch order is the pair with index i
   * (the runtime's Dataset order). Each epoch's report goes to {@code log}.
   */
  List<Trainer.EpochReport> fit(JavaPairRDD<Long, ShardBlock.Sample> data, int samples, Consumer<String> log) {
    if (samples <= 0) {
      throw new IllegalArgumentException("no training samples");
    }
    SparkCheckpoints.Position start = checkpoints == null ? null : checkpoints.restore(model, optimizer, log);
    if (start == null) {
      start = new SparkCheckpoints.Position(1, 0, 0, 0);
    }
    List<Trainer.EpochReport> reports = new ArrayList<>();
    for (int epoch = start.epoch(); epoch <= config.epochs(); epoch++) {
      Trainer.EpochReport report = epoch(data, samples, epoch == start.epoch() ? start
          : new SparkCheckpoints.Position(epoch, 0, 0, 0));
      reports.add(report);
      log.accept(report.format());
    }
    return reports;
  }

  /**
   * Writes the runtime's checkpoint (weights, optimiser state, position) to {@code file} on any Hadoop file
   * system after every {@code everySteps} steps and every epoch, and resumes from it when it exists and was
   * written for the same {@code fingerprint} (network, data and settings).
   */
  DataParallelTrainer checkpoints(String file, int everySteps, String fingerprint,
      org.apache.hadoop.conf.Configuration conf) {
    this.checkpoints = new SparkCheckpoints(file, everySteps, fingerprint, conf);
    return this;
  }

  /** Optimiser steps taken so far. */
  long steps() {
    return steps;
  }

  /** Wall time of those steps on the driver, nanoseconds (jobs, reduction and update). */
  long stepNanos() {
    return stepNanos;
  }

  private Trainer.EpochReport epoch(JavaPairRDD<Long, ShardBlock.Sample> data, int n,
      SparkCheckpoints.Position from) {
    int epoch = from.epoch();
    currentEpoch = epoch;
    long start = System.nanoTime();
    int[] position = inverse(order(n, epoch));
    int batchSize = config.batchSize();
    int imageSize = model.inputSize();
    int t = tasks;
    Broadcast<int[]> positions = sc.broadcast(position);
    JavaRDD<ShardBlock> blocks = data
        .mapToPair(p -> {
          int pos = positions.value()[Math.toIntExact(p._1())];
          return new Tuple2<>(pos, p._2());
        })
        .partitionBy(new TaskPartitioner(t, n, batchSize))
        .mapPartitions(it -> List.of(ShardBlock.of(it, imageSize)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.count();
    double loss = from.lossSum();
    long correct = from.correct();
    int batches = (n + batchSize - 1) / batchSize;
    try {
      for (int batch = from.batch(); batch < batches; batch++) {
        int first = batch * batchSize;
        double[] lossAndCorrect = step(blocks, first, Math.min(batchSize, n - first));
        loss += lossAndCorrect[0];
        correct += (long) lossAndCorrect[1];
        if (checkpoints != null && (batch + 1 == batches || checkpoints.due(steps))) {
          // After an epoch's last batch the position is the next epoch's start.
          checkpoints.save(model, optimizer, batch + 1 == batches ? new SparkCheckpoints.Position(epoch + 1, 0, 0, 0)
              : new SparkCheckpoints.Position(epoch, batch + 1, loss, correct));
        }
        if (steps == failAfterSteps) {
          throw new IllegalStateException("stopped after " + steps + " steps, as the test asked");
        }
      }
    } finally {
      blocks.unpersist(false);
      // Kept until now: a lost cached block is rebuilt from its lineage, which reads the positions.
      positions.destroy();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Trainer.EpochReport(epoch, config.epochs(), loss / n, (double) correct / n, seconds, n / seconds,
        optimizer.learningRate(), Double.NaN, Double.NaN);
  }

  private double[] step(JavaRDD<ShardBlock> blocks, int from, int length) {
    long start = System.nanoTime();
    float[] params = model.parameters();
    // A copy: the driver updates its array in place while (in local mode) tasks may read the broadcast object.
    Broadcast<float[]> weights = sc.broadcast(params.clone());
    String network = model.generatedClass().getName();
    int t = tasks;
    float smoothing = options.labelSmoothing();
    long seed = config.seed();
    int epoch = currentEpoch;
    List<ShardGradient> results = new ArrayList<>();
    double[][] statistics = null;
    try {
      if (model.stages() == 1) {
        results.addAll(blocks.mapPartitionsWithIndex((task, it) ->
            computeShards(it.next(), task, t, network, weights, from, length, smoothing, seed, epoch), true)
            .collect());
      } else {
        for (BarrierStep.Result r : new BarrierStep(network, weights, from, length, smoothing, seed, epoch,
            steps + 1).run(blocks)) {
          results.addAll(r.shards());
          statistics = r.forwardSums() != null ? r.forwardSums() : statistics;
        }
      }
    } finally {
      weights.destroy();
    }
    results.sort(Comparator.comparingInt(ShardGradient::shard));
    int shards = Shards.count(length);
    if (results.size() != shards) {
      throw new IllegalStateException("expected " + shards + " shard gradients, got " + results.size());
    }
    // The Trainer's running statistics move as each stage's statistics are set; the tasks sent those sums.
    for (int s = 1; s < model.stages(); s++) {
      model.setForwardStatistics(s, statistics[s], length);
    }
    // Trainer.runBatch: losses and gradients summed in shard order, then the mean and the update.
    double loss = 0;
    int correct = 0;
    float[][] gradients = new float[shards][];
    for (int s = 0; s < shards; s++) {
      loss += results.get(s).loss();
      correct += results.get(s).correct();
      gradients[s] = results.get(s).gradient();
    }
    double squares = update.mean(gradients, shards, length);
    if (!Double.isFinite(loss) || !Double.isFinite(squares)) {
      throw new IllegalStateException("training diverged at step " + (steps + 1) + ": loss " + loss
          + ", gradient norm " + Math.sqrt(squares) + "; lower the learning rate");
    }
    update.step(params, squares);
    steps++;
    stepNanos += System.nanoTime() - start;
    return new double[] {loss, correct};
  }

  /** On a task: the gradients of the shards of batch [from, from + length) that {@code task} owns. */
  static Iterator<ShardGradient> computeShards(ShardBlock block, int task, int tasks, String network,
      Broadcast<float[]> weights, int from, int length, float smoothing, long seed, int epoch) {
    IntConsumer fault = taskFaultForTests;
    if (fault != null) {
      fault.accept(from);
    }
    int shards = Shards.count(length);
    List<ShardGradient> out = new ArrayList<>();
    if (task >= shards) {
      return out.iterator();
    }
    Model replica = Networks.bindExactly(network, weights.value());
    int outputs = replica.outputSize();
    float[] dOut = new float[outputs];
    for (int shard = task; shard < shards; shard += tasks) {
      int lo = Shards.from(shard, length, shards);
      int hi = Shards.from(shard + 1, length, shards);
      replica.zeroGradients();
      // BatchStages.Shard.round of a one-stage network: the shard's samples in order, each backward adding into
      // the replica's gradients.
      int index = block.indexOf(from + lo);
      double loss = 0;
      int correct = 0;
      for (int k = lo; k < hi; k++, index++) {
        if (block.positions()[index] != from + k) {
          throw new IllegalStateException("epoch position " + (from + k) + " is not in this task's block");
        }
        int label = block.labels()[index];
        // Trainer.forwardSample: dropout's mask is keyed by (seed, epoch, data-set index), never by the task.
        float[] output = replica.trainForward(0, block.images(), index * block.imageSize(),
            Augmentation.key(seed, epoch, block.indices()[index]));
        if (argmax(output, outputs) == label) {
          correct++;
        }
        loss += SoftmaxCrossEntropy.lossAndGradient(output, outputs, label, smoothing, dOut);
        replica.trainBackward(0, dOut);
      }
      out.add(new ShardGradient(shard, replica.gradients().clone(), loss, correct));
    }
    return out.iterator();
  }

  private static int argmax(float[] values, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Trainer.shuffle: Fisher-Yates from the identity, seeded by (seed, epoch) only. */
  int[] order(int n, int epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private static int[] inverse(int[] order) {
    int[] position = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      position[order[p]] = p;
    }
    return position;
  }

  /** Sends each epoch position to the task that computes its shard. */
  static final class TaskPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int tasks;
    private final int samples;
    private final int batchSize;

    TaskPartitioner(int tasks, int samples, int batchSize) {
      this.tasks = tasks;
      this.samples = samples;
      this.batchSize = batchSize;
    }

    @Override
    public int numPartitions() {
      return tasks;
    }

    @Override
    public int getPartition(Object key) {
      return Shards.task((Integer) key, samples, batchSize, tasks);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TaskPartitioner p && p.tasks == tasks && p.samples == samples && p.batchSize == batchSize;
    }

    @Override
    public int hashCode() {
      return (tasks * 31 + samples) * 31 + batchSize;
    }
  }
}
