package dev.fovea.runtime;

import dev.fovea.api.GeneratedBatch;
import java.util.Arrays;

/**
 * A batch trained shard by shard and, for a network with batch norms, stage by stage, as {@link Trainer} does it and
 * fovea-spark's barrier tasks repeat it: every shard runs one stage for its samples, the shards' sums are added in
 * shard order into the batch's statistics, and only then does the next stage start; the backward pass does the same
 * in reverse. A network without batch norm has one stage: one round, forward and backward, and no statistics.
 *
 * <p>A batch norm normalises with the mean and spread of its input over the whole batch, so a network with batch
 * norms is cut before each into stages ({@link Model#stages()}), and a sample keeps its activations in its row of
 * the shard's micro-batch ({@link Model#batch}) between stages. Who runs the shards and how their sums meet is the caller's
 * ({@link Rounds}): the Trainer's threads and arrays, or Spark tasks exchanging sums; the schedule ({@link #run}),
 * the per-shard work ({@link Shard}) and the order of the additions ({@link #sum}) are this class's, so both give
 * the same bits.
 */
public final class BatchStages {

  private BatchStages() {}

  /** A shard's samples: the {@code k}-th one's (augmented) image and dropout seed, and its label. */
  public interface Samples {
    /** Copies the shard's sample {@code k}, as stage 0 reads it, to {@code into} from {@code offset}; returns its seed. */
    long copy(int k, float[] into, int offset);

    /** The class of the shard's sample {@code k}. */
    int label(int k);
  }

  /** How a caller runs a round on every shard of the batch and meets their sums. */
  public interface Rounds {
    /** Runs {@link Shard#round} of {@code stage} in direction {@code forward} on every shard of the batch. */
    void run(int stage, boolean forward);

    /** The batch's sums after a round: every shard's {@link Shard#sums()} added in shard order ({@link #sum}). */
    double[] reduce();
  }

  /**
   * Trains one batch of {@code length} samples stage by stage: each stage's forward round (the last one also runs
   * the loss and the last stage's backward), the next batch norm's statistics set on {@code model} (which shares
   * them with its replicas and siblings, and updates its running statistics) from the reduced sums; then the
   * backward rounds, each followed by its batch norm's gradient statistics.
   */
  public static void run(Model model, int length, Rounds rounds) {
    int stages = model.stages();
    if (stages == 1) {
      // No batch norm: one round, forward and backward, and no statistics.
      rounds.run(0, true);
      return;
    }
    for (int s = 0; s < stages; s++) {
      rounds.run(s, true);
      if (s < stages - 1) {
        model.setForwardStatistics(s + 1, rounds.reduce(), length);
      }
    }
    model.setBackwardStatistics(stages - 1, rounds.reduce(), length);
    for (int s = stages - 2; s >= 0; s--) {
      rounds.run(s, false);
      if (s >= 1) {
        model.setBackwardStatistics(s, rounds.reduce(), length);
      }
    }
  }

  /** Sets {@code into} to {@code parts[0] + ... + parts[count - 1]}, added element-wise in that order. */
  public static double[] sum(double[][] parts, int count, double[] into) {
    System.arraycopy(parts[0], 0, into, 0, into.length);
    for (int s = 1; s < count; s++) {
      double[] part = parts[s];
      for (int i = 0; i < into.length; i++) {
        into[i] += part[i];
      }
    }
    return into;
  }

  /**
   * One shard of a batch: a replica (whose gradients the shard accumulates) and a micro-batch of it that runs the
   * shard's samples layer by layer ({@link Model#batch}), the sums of its last round, and its loss and correct count.
   * A network with batch norms keeps every sample's activations between stages, so its micro-batch holds the whole
   * shard; a one-stage network runs the shard in micro-batches of at most {@link #ROWS} samples. Not thread-safe:
   * one thread runs a shard's round.
   */
  public static final class Shard {
    /** Samples per micro-batch of a one-stage network: enough for dense layers' matrix products to pay. */
    public static final int ROWS = 16;

    private final Model replica;
    private final GeneratedBatch batch;
    private final float[] packed;
    private final long[] seeds;
    private final float[] output;
    private final float[] outputGradient;
    private final float[] outputGradients;
    private final double[] sums;
    private double loss;
    private int correct;

    /** A shard of up to {@code capacity} samples on {@code replica}, which must not be shared with another shard. */
    public Shard(Model replica, int capacity) {
      this.replica = replica;
      int rows = Math.max(1, replica.stages() == 1 ? Math.min(capacity, ROWS) : capacity);
      batch = replica.batch(rows);
      packed = new float[rows * replica.inputSize()];
      seeds = new long[rows];
      output = new float[replica.outputSize()];
      outputGradient = new float[replica.outputSize()];
      outputGradients = new float[rows * replica.outputSize()];
      sums = new double[replica.sumsSize()];
    }

    /** The replica whose gradients this shard adds to. */
    public Model replica() {
      return replica;
    }

    /** The sums of the last round: per channel, of the next batch norm's input or of a batch norm's gradient. */
    public double[] sums() {
      return sums;
    }

    /** The summed loss of the shard's samples in the last stage's forward round. */
    public double loss() {
      return loss;
    }

    /** How many of the shard's samples the last stage's forward round classified correctly. */
    public int correct() {
      return correct;
    }

    /**
     * Runs stage {@code stage} forward (with the next batch norm's input sums, or, for the last stage, the loss with
     * {@code smoothing}, the backward and its sums) or backward (with its batch norm's gradient sums) for the
     * shard's {@code count} samples, in sample order.
     */
    public void round(int stage, boolean forward, int count, Samples samples, float smoothing) {
      int last = replica.stages() - 1;
      if (last > 0 && count > batch.capacity()) {
        throw new IllegalArgumentException(count + " samples in a shard made for " + batch.capacity());
      }
      Arrays.fill(sums, 0);
      if (!forward) {
        batch.trainBackward(stage, null, count);
        if (stage >= 1) {
          batch.backwardSums(stage, sums, count);
        }
        return;
      }
      loss = 0;
      correct = 0;
      // A one-stage network runs forward and backward per micro-batch; a staged one has its whole shard in one.
      for (int from = 0; from < count; from += batch.capacity()) {
        int n = Math.min(batch.capacity(), count - from);
        if (stage == 0) {
          for (int k = 0; k < n; k++) {
            seeds[k] = samples.copy(from + k, packed, k * replica.inputSize());
          }
        }
        float[] out = batch.trainForward(stage, packed, 0, n, seeds);
        if (stage < last) {
          batch.forwardSums(stage + 1, sums, n);
          continue;
        }
        lossAndGradients(out, from, n, samples, smoothing);
        batch.trainBackward(last, outputGradients, n);
        if (last > 0) {
          batch.backwardSums(last, sums, n);
        }
      }
    }

    /** Adds the loss and hits of samples {@code from..from+n-1} and writes their output gradients' rows. */
    private void lossAndGradients(float[] out, int from, int n, Samples samples, float smoothing) {
      int outputs = output.length;
      for (int k = 0; k < n; k++) {
        System.arraycopy(out, k * outputs, output, 0, outputs);
        int label = samples.label(from + k);
        if (Model.argmax(output, outputs) == label) {
          correct++;
        }
        loss += SoftmaxCrossEntropy.lossAndGradient(output, outputs, label, smoothing, outputGradient);
        System.arraycopy(outputGradient, 0, outputGradients, k * outputs, outputs);
      }
    }
  }
}
