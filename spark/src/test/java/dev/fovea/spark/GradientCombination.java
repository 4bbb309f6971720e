package dev.fovea.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.LongAccumulator;
import scala.Function1;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Three ways to turn a step's shard gradients into the mean gradient, for SparkBenchmark's "combine" part. */
final class GradientCombination {

  private GradientCombination() {}

  /** (a) DataParallelTrainer's: every shard gradient collected to the driver and summed there in shard order. */
  static float[] collect(JavaRDD<ShardGradient> gradients, int length) {
    List<ShardGradient> results = new ArrayList<>(gradients.collect());
    results.sort(Comparator.comparingInt(ShardGradient::shard));
    float[] sum = results.get(0).gradient().clone();
    for (int s = 1; s < results.size(); s++) {
      add(sum, results.get(s).gradient());
    }
    return divide(sum, length);
  }

  /**
   * (b) {@code treeAggregate}: each task sums its own shards (in its shard order) and the driver sums the partial
   * sums, a grouping that differs from the Trainer's left-to-right sum over shards.
   */
  static float[] tree(JavaRDD<ShardGradient> gradients, int parameters, int length) {
    float[] sum = gradients.treeAggregate(new float[parameters], (acc, g) -> add(acc, g.gradient()),
        GradientCombination::add, 2);
    return divide(sum, length);
  }

  /**
   * (c) A barrier stage: each task sends its shard gradients (Base64 of little-endian floats; allGather carries
   * strings) to all tasks, and every task sums all shards in shard order itself. Returns each task's
   * {@code Arrays.hashCode} of its mean, so the caller can check every task got the same bits; the characters
   * each task sent and received go to the two accumulators.
   */
  static List<Integer> allGather(JavaRDD<ShardGradient> gradients, int parameters, int length, int tasks,
      LongAccumulator sent, LongAccumulator received) {
    Function1<Iterator<ShardGradient>, Iterator<Integer>> perTask =
        (Function1<Iterator<ShardGradient>, Iterator<Integer>> & Serializable) it -> {
          List<ShardGradient> own = new ArrayList<>();
          JavaConverters.asJavaIterator(it).forEachRemaining(own::add);
          String message = encode(own, parameters);
          sent.add(message.length());
          String[] all = BarrierTaskContext.get().allGather(message);
          float[][] byTask = new float[all.length][];
          for (int t = 0; t < all.length; t++) {
            received.add(all[t].length());
            byTask[t] = decode(all[t]);
          }
          // Task t holds shards t, t + tasks, ... (DataParallelTrainer.computeShards), in that order.
          int shards = Shards.count(length);
          float[] sum = Arrays.copyOfRange(byTask[0], 0, parameters);
          for (int s = 1; s < shards; s++) {
            float[] from = byTask[s % tasks];
            int offset = s / tasks * parameters;
            for (int i = 0; i < parameters; i++) {
              sum[i] += from[offset + i];
            }
          }
          return JavaConverters.asScalaIterator(List.of(Arrays.hashCode(divide(sum, length))).iterator());
        };
    ClassTag<Integer> tag = ClassTag$.MODULE$.apply(Integer.class);
    RDD<Integer> hashes = gradients.rdd().barrier().mapPartitions(perTask, false, tag);
    return JavaRDD.fromRDD(hashes, tag).collect();
  }

  /** Elements whose bits differ between two arrays of the same length. */
  static int differing(float[] a, float[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
        n++;
      }
    }
    return n;
  }

  /** The largest |a - b| / max(|a|, |b|) over elements that differ. */
  static double largestRelativeDifference(float[] a, float[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        worst = Math.max(worst, Math.abs((double) a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i])));
      }
    }
    return worst;
  }

  private static String encode(List<ShardGradient> own, int parameters) {
    ByteBuffer bytes = ByteBuffer.allocate(own.size() * parameters * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = bytes.asFloatBuffer();
    own.stream().sorted(Comparator.comparingInt(ShardGradient::shard)).forEach(g -> floats.put(g.gradient()));
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static float[] decode(String message) {
    FloatBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(message)).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer();
    float[] out = new float[floats.remaining()];
    floats.get(out);
    return out;
  }

  private static float[] add(float[] sum, float[] g) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += g[i];
    }
    return sum;
  }

  // As DataParallelTrainer.step: the sum divided by the batch length as a float.
  private static float[] divide(float[] sum, int length) {
    float divisor = length;
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= divisor;
    }
    return sum;
  }
}
