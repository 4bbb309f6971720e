package dev.fovea.spark;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.BatchStages;
import dev.fovea.runtime.Model;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * One training step of a network with batch normalisation as one Spark barrier stage: every task runs the runtime's
 * {@link BatchStages} schedule for the shards it owns, and where the Trainer adds its shards' batch sums in shard
 * order, the tasks {@code allGather} their shards' sums (a few doubles per channel) and each adds all of them in
 * shard order, so every task sets the same statistics as the Trainer and goes on to the next stage.
 *
 * <p>The shard gradients go to the driver, which sums them as for any network; task 0 also returns the forward
 * statistics, with which the driver updates its batch norms' running statistics as the Trainer does. Spark does not
 * retry a failed barrier <em>result</em> stage (it may have committed output), so the results pass through a
 * one-partition shuffle: the barrier stage is then a map stage, which Spark reruns whole when a task fails, from
 * the same broadcast weights, so a step is redone and never half-applied.
 */
final class BarrierStep extends AbstractFunction1<scala.collection.Iterator<ShardBlock>,
    scala.collection.Iterator<BarrierStep.Result>> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The refusal when a barrier stage of {@code numTasks} tasks could not run at once (format: tasks, slots). */
  static final String TOO_FEW_SLOTS = "batch normalisation on Spark runs each step as a barrier stage, whose %d "
      + "tasks must all run at once, but the cluster has %d task slots now: lower numTasks or add executors";

  // Tests stand in for a lost task: the first task past this step's (counted from 1) first exchange fails, once,
  // while the others wait in the next; a static, so it only acts where tasks share the test's JVM (local mode).
  static final AtomicLong FAIL_ONCE_AT_STEP = new AtomicLong(-1);

  /** What a task returns: its shards' gradients and, from task 0, the forward statistics of every stage. */
  record Result(List<ShardGradient> shards, double[][] forwardSums) implements Serializable {}

  private final String network;
  private final Broadcast<float[]> weights;
  private final int from;
  private final int length;
  private final float smoothing;
  private final long seed;
  private final int epoch;
  private final long step;

  /** Step {@code step} (from 1): batch [from, from + length) of epoch {@code epoch}'s order, on {@code weights}. */
  BarrierStep(String network, Broadcast<float[]> weights, int from, int length, float smoothing, long seed,
      int epoch, long step) {
    this.network = network;
    this.weights = weights;
    this.from = from;
    this.length = length;
    this.smoothing = smoothing;
    this.seed = seed;
    this.epoch = epoch;
    this.step = step;
  }

  /** Task slots that can run at once now: what a barrier stage may use. */
  static int slots(JavaSparkContext sc) {
    return sc.sc().maxNumConcurrentTasks(sc.sc().resourceProfileManager().defaultResourceProfile());
  }

  /** Runs the step on {@code blocks} (one per task) and returns every task's result. */
  List<Result> run(JavaRDD<ShardBlock> blocks) {
    ClassTag<Result> tag = ClassTag$.MODULE$.apply(Result.class);
    RDD<Result> barrier = blocks.rdd().barrier().mapPartitions(this, false, tag);
    return new JavaRDD<>(barrier, tag).repartition(1).collect();
  }

  @Override
  public scala.collection.Iterator<Result> apply(scala.collection.Iterator<ShardBlock> partition) {
    BarrierTaskContext context = BarrierTaskContext.get();
    int task = context.partitionId();
    int tasks = context.numPartitions();
    ShardBlock block = partition.next();
    int shards = Shards.count(length);
    // A private copy: setting statistics updates the running ones in the weights, and tasks share a JVM's broadcast.
    Model model = Networks.bindExactly(network, weights.value().clone());
    List<Integer> owned = new ArrayList<>();
    List<BatchStages.Shard> work = new ArrayList<>();
    List<BlockSamples> samples = new ArrayList<>();
    for (int shard = task; shard < shards; shard += tasks) {
      int lo = Shards.from(shard, length, shards);
      int hi = Shards.from(shard + 1, length, shards);
      owned.add(shard);
      work.add(new BatchStages.Shard(model.replica(), hi - lo));
      samples.add(new BlockSamples(block, from + lo, hi - lo, seed, epoch));
    }
    double[][] forwardSums = new double[model.stages()][];
    BatchStages.run(model, length, new BatchStages.Rounds() {
      private int stage;
      private boolean forward;
      private int reductions;

      @Override
      public void run(int stage, boolean forward) {
        this.stage = stage;
        this.forward = forward;
        for (int i = 0; i < work.size(); i++) {
          work.get(i).round(stage, forward, samples.get(i).count, samples.get(i), smoothing);
        }
      }

      @Override
      public double[] reduce() {
        double[][] parts = exchange(context, owned, work, shards);
        if (reductions++ == 0 && FAIL_ONCE_AT_STEP.compareAndSet(step, -1)) {
          throw new IllegalStateException("task " + task + " fails once in step " + step + ", as the test asked");
        }
        double[] sums = BatchStages.sum(parts, shards, new double[model.sumsSize()]);
        if (forward && stage < forwardSums.length - 1) {
          forwardSums[stage + 1] = sums;
        }
        return sums;
      }
    });
    List<ShardGradient> out = new ArrayList<>();
    for (int i = 0; i < work.size(); i++) {
      BatchStages.Shard shard = work.get(i);
      out.add(new ShardGradient(owned.get(i), shard.replica().gradients(), shard.loss(), shard.correct()));
    }
    Result result = new Result(out, task == 0 ? forwardSums : null);
    return JavaConverters.asScalaIterator(List.of(result).iterator());
  }

  /**
   * Sends this task's shards' sums to every task and returns all shards' sums by shard index; the doubles travel as
   * their bits (allGather carries strings), so every task adds exactly the values the Trainer would.
   */
  private static double[][] exchange(BarrierTaskContext context, List<Integer> owned, List<BatchStages.Shard> work,
      int shards) {
    int size = work.isEmpty() ? 0 : work.get(0).sums().length;
    ByteBuffer mine = ByteBuffer.allocate(2 * Integer.BYTES + owned.size() * (Integer.BYTES + size * Double.BYTES));
    mine.putInt(owned.size()).putInt(size);
    for (int i = 0; i < owned.size(); i++) {
      mine.putInt(owned.get(i));
      for (double v : work.get(i).sums()) {
        mine.putDouble(v);
      }
    }
    double[][] parts = new double[shards][];
    for (String message : context.allGather(Base64.getEncoder().encodeToString(mine.array()))) {
      ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(message));
      int n = in.getInt();
      int length = in.getInt();
      for (; n > 0; n--) {
        int shard = in.getInt();
        double[] sums = new double[length];
        for (int i = 0; i < sums.length; i++) {
          sums[i] = in.getDouble();
        }
        if (parts[shard] != null) {
          throw new IllegalStateException("shard " + shard + " sent its sums twice");
        }
        parts[shard] = sums;
      }
    }
    for (int s = 0; s < shards; s++) {
      if (parts[s] == null) {
        throw new IllegalStateException("no task sent the sums of shard " + s);
      }
    }
    return parts;
  }

  /** The samples of one shard in a task's block, in epoch order, with dropout keyed as the Trainer keys it. */
  private static final class BlockSamples implements BatchStages.Samples {
    private final ShardBlock block;
    private final int first;
    private final int count;
    private final long seed;
    private final int epoch;

    BlockSamples(ShardBlock block, int position, int count, long seed, int epoch) {
      this.block = block;
      this.first = count == 0 ? 0 : block.indexOf(position);
      this.count = count;
      this.seed = seed;
      this.epoch = epoch;
      for (int k = 0; k < count; k++) {
        if (first + k >= block.positions().length || block.positions()[first + k] != position + k) {
          throw new IllegalStateException("epoch position " + (position + k) + " is not in this task's block");
        }
      }
    }

    @Override
    public long copy(int k, float[] into, int offset) {
      int i = first + k;
      System.arraycopy(block.images(), i * block.imageSize(), into, offset, block.imageSize());
      return Augmentation.key(seed, epoch, block.indices()[i]);
    }

    @Override
    public int label(int k) {
      return block.labels()[first + k];
    }
  }
}
