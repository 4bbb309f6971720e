package dev.fovea.runtime;

import java.util.Arrays;

/**
 * A batch trained shard by shard and, for a network with batch norms, stage by stage, as {@link Trainer} does it and
 * fovea-spark's barrier tasks repeat it: every shard runs one stage for its samples, the shards' sums are added in
 * shard order into the batch's statistics, and only then does the next stage start; the backward pass does the same
 * in reverse. A network without batch norm has one stage: one round, forward and backward, and no statistics.
 *
 * <p>A batch norm normalises with the mean and spread of its input over the whole batch, so a network with batch
 * norms is cut before each into stages ({@link Model#stages()}), and a sample keeps its activations in its own
 * {@link Model#sibling() sibling} between stages. Who runs the shards and how their sums meet is the caller's
 * ({@link Rounds}): the Trainer's threads and arrays, or Spark tasks exchanging sums; the schedule ({@link #run}),
 * the per-shard work ({@link Shard}) and the order of the additions ({@link #sum}) are this class's, so both give
 * the same bits.
 */
public final class BatchStages {

  private BatchStages() {}

  /** A shard's samples: the stage forward of its k-th sample on a sibling, and that sample's label. */
  public interface Samples {
    /** Runs stage {@code stage} of the shard's sample {@code k} on {@code m} (stage 0 reads its image). */
    float[] forward(Model m, int stage, int k);

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
   * One shard of a batch: a replica (whose gradients the shard accumulates) with one sibling per sample when the
   * network has batch norms (a one-stage network runs every sample on the replica), the sums of its last round,
   * and its loss and correct count. Not thread-safe: one thread runs a shard's round.
   */
  public static final class Shard {
    private final Model[] group;
    private final double[] sums;
    private final float[] outputGradient;
    private double loss;
    private int correct;

    /** A shard of up to {@code capacity} samples on {@code replica}, which must not be shared with another shard. */
    public Shard(Model replica, int capacity) {
      group = new Model[replica.stages() == 1 ? 1 : Math.max(capacity, 1)];
      for (int k = 0; k < group.length; k++) {
        group[k] = k == 0 ? replica : replica.sibling();
      }
      sums = new double[replica.sumsSize()];
      outputGradient = new float[replica.outputSize()];
    }

    /** The replica whose gradients this shard adds to. */
    public Model replica() {
      return group[0];
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
     * shard's {@code count} samples in order, each on its own sibling.
     */
    public void round(int stage, boolean forward, int count, Samples samples, float smoothing) {
      int last = group[0].stages() - 1;
      if (last > 0 && count > group.length) {
        throw new IllegalArgumentException(count + " samples in a shard made for " + group.length);
      }
      Arrays.fill(sums, 0);
      if (!forward) {
        for (int k = 0; k < count; k++) {
          group[k].trainBackward(stage, null);
          if (stage >= 1) {
            group[k].backwardSums(stage, sums);
          }
        }
        return;
      }
      int outputs = group[0].outputSize();
      double lossSum = 0;
      int right = 0;
      for (int k = 0; k < count; k++) {
        Model m = group[last == 0 ? 0 : k];
        float[] out = samples.forward(m, stage, k);
        if (stage < last) {
          m.forwardSums(stage + 1, sums);
          continue;
        }
        int label = samples.label(k);
        if (Model.argmax(out, outputs) == label) {
          right++;
        }
        lossSum += SoftmaxCrossEntropy.lossAndGradient(out, outputs, label, smoothing, outputGradient);
        m.trainBackward(last, outputGradient);
        if (last > 0) {
          m.backwardSums(last, sums);
        }
      }
      loss = lossSum;
      correct = right;
    }
  }
}
