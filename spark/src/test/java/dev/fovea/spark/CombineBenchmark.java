package dev.fovea.spark;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/** SparkBenchmark's "combine" part: time, bytes and bits of the three {@link GradientCombination}s on 2 tasks. */
final class CombineBenchmark {

  private static final int TASKS = 2;
  private static final int ROUNDS = 40;
  private static final int WARM_UP = 10;
  private static final String[] WAYS = {"collect + driver sum", "treeAggregate", "barrier allGather"};

  private CombineBenchmark() {}

  /**
   * LeNet-5's shard gradients of one batch (64, then 256) combined each way, timed alone on cached gradients and
   * as a whole step (weights broadcast, shards computed, combined; the optimiser's update, the same for all three,
   * left out); prints the medians, the bytes each way moves and whether its bits equal the Trainer's order.
   */
  static void run(JavaSparkContext sc, Dataset all) throws Exception {
    Model model = Model.forNetwork(SparkLeNet5.class);
    Initializer.initialize(model, 1);
    System.out.printf(Locale.ROOT, "combine: start %s, load average %.2f%n", Instant.now(), load());
    AtomicLong resultBytes = new AtomicLong();
    AtomicLong shuffleBytes = new AtomicLong();
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          resultBytes.addAndGet(end.taskMetrics().resultSize());
          shuffleBytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
      }
    });
    for (int batch : new int[] {64, 256}) {
      batch(sc, model, all.slice(0, batch), resultBytes, shuffleBytes);
    }
    System.out.printf(Locale.ROOT, "combine: end %s, load average %.2f%n", Instant.now(), load());
  }

  private static void batch(JavaSparkContext sc, Model model, Dataset data, AtomicLong resultBytes,
      AtomicLong shuffleBytes) throws Exception {
    int length = data.size();
    int parameters = model.parameterCount();
    int imageSize = data.imageSize();
    // The trainer's placement for one batch in data order: epoch position = index.
    JavaRDD<ShardBlock> blocks = CheckpointResumeTest.pairs(sc, data)
        .mapToPair(p -> new Tuple2<>(Math.toIntExact(p._1()), p._2()))
        .partitionBy(new DataParallelTrainer.TaskPartitioner(TASKS, length, length))
        .mapPartitions(it -> List.of(ShardBlock.of(it, imageSize)).iterator(), true)
        .persist(StorageLevel.MEMORY_ONLY());
    blocks.count();
    Broadcast<float[]> weights = sc.broadcast(model.parameters().clone());
    JavaRDD<ShardGradient> cached = gradients(blocks, model, weights, length).persist(StorageLevel.MEMORY_ONLY());
    cached.count();
    LongAccumulator sent = sc.sc().longAccumulator("allGather sent");
    LongAccumulator received = sc.sc().longAccumulator("allGather received");

    float[] reference = GradientCombination.collect(cached, length);
    float[] tree = GradientCombination.tree(cached, parameters, length);
    int expectedHash = Arrays.hashCode(reference);
    System.out.printf(Locale.ROOT, "combine batch %d: treeAggregate's mean differs from the shard-order sum in "
        + "%,d of %,d elements (largest relative difference %.3g); allGather's task hashes %s, shard order's %d%n",
        length, GradientCombination.differing(reference, tree), parameters,
        GradientCombination.largestRelativeDifference(reference, tree),
        GradientCombination.allGather(cached, parameters, length, TASKS, sent, received), expectedHash);

    // Bytes: one step of each way on the cached gradients, with the listener's counts settled around it.
    for (int way = 0; way < WAYS.length; way++) {
      sc.sc().listenerBus().waitUntilEmpty();
      long results = resultBytes.get();
      long shuffled = shuffleBytes.get();
      long sentBefore = sent.value();
      long receivedBefore = received.value();
      combine(way, cached, parameters, length, expectedHash, reference, sent, received);
      sc.sc().listenerBus().waitUntilEmpty();
      System.out.printf(Locale.ROOT, "combine batch %d, %s: task result bytes %,d, shuffle bytes %,d, allGather "
          + "message bytes sent by tasks %,d, received by tasks %,d%n", length, WAYS[way],
          resultBytes.get() - results, shuffleBytes.get() - shuffled, sent.value() - sentBefore,
          received.value() - receivedBefore);
    }

    double[][] alone = new double[WAYS.length][ROUNDS - WARM_UP];
    double[][] step = new double[WAYS.length][ROUNDS - WARM_UP];
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < WAYS.length; k++) {
        // Each round starts with another way, so that a burst of load does not always hit the same one.
        int way = (round + k) % WAYS.length;
        long t0 = System.nanoTime();
        combine(way, cached, parameters, length, expectedHash, reference, sent, received);
        long t1 = System.nanoTime();
        Broadcast<float[]> fresh = sc.broadcast(model.parameters().clone());
        combine(way, gradients(blocks, model, fresh, length), parameters, length, expectedHash, reference, sent,
            received);
        fresh.destroy();
        long t2 = System.nanoTime();
        if (round >= WARM_UP) {
          alone[way][round - WARM_UP] = (t1 - t0) / 1e6;
          step[way][round - WARM_UP] = (t2 - t1) / 1e6;
        }
      }
    }
    for (int way = 0; way < WAYS.length; way++) {
      System.out.printf(Locale.ROOT, "combine batch %d, %s: whole step ms median %.2f (quartiles %.2f-%.2f), "
          + "combination alone ms median %.2f (quartiles %.2f-%.2f), %d rounds after %d of warm-up%n", length,
          WAYS[way], quantile(step[way], 0.5), quantile(step[way], 0.25), quantile(step[way], 0.75),
          quantile(alone[way], 0.5), quantile(alone[way], 0.25), quantile(alone[way], 0.75), ROUNDS - WARM_UP,
          WARM_UP);
    }
    cached.unpersist(true);
    weights.destroy();
    blocks.unpersist(true);
  }

  /** One combination; collect's and allGather's results are checked against the shard-order reference. */
  private static void combine(int way, JavaRDD<ShardGradient> gradients, int parameters, int length,
      int expectedHash, float[] reference, LongAccumulator sent, LongAccumulator received) {
    if (way == 0) {
      if (!Arrays.equals(reference, GradientCombination.collect(gradients, length))) {
        throw new IllegalStateException("collect's mean changed between runs");
      }
    } else if (way == 1) {
      GradientCombination.tree(gradients, parameters, length);
    } else {
      List<Integer> hashes = GradientCombination.allGather(gradients, parameters, length, TASKS, sent, received);
      if (hashes.size() != TASKS || hashes.stream().anyMatch(h -> h != expectedHash)) {
        throw new IllegalStateException("allGather's means differ from the shard-order sum: " + hashes);
      }
    }
  }

  private static JavaRDD<ShardGradient> gradients(JavaRDD<ShardBlock> blocks, Model model,
      Broadcast<float[]> weights, int length) {
    String network = model.generatedClass().getName();
    return blocks.mapPartitionsWithIndex((task, it) -> DataParallelTrainer.computeShards(it.next(), task, TASKS,
        network, weights, 0, length, 0f, 3, 1), true);
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
