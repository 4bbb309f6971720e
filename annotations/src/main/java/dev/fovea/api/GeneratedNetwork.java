package dev.fovea.api;

/**
 * What every generated network class (the float one, on either backend) offers the runtime: the Fovea runtime
 * binds it through this interface, not by method names. One instance holds one sample's activations.
 *
 * <p>Training runs in stages: stage 0 up to the first batch norm, stage k from the k-th batch norm to the next.
 * The caller runs a stage for every sample of the batch (one {@link #sibling()} per sample), adds the samples'
 * sums in sample order, sets the statistics, and goes on; a network without batch norm has one stage, and its
 * training pass is {@link #trainForward} then {@link #trainBackward} of stage 0.
 */
public interface GeneratedNetwork {

  /** Shapes, parameter layout, labels and summary, the same for every instance of the class. */
  NetworkInfo info();

  /** The live flat parameter array, shared with every replica and sibling. */
  float[] parameters();

  /** The live flat gradient array, laid out as the parameters; backward passes add to it. */
  float[] gradients();

  /**
   * Runs one sample (C x H x W values from {@code offset}) through every layer in evaluation mode: batch norms
   * use their running statistics and dropout is the identity.
   *
   * @return the live output buffer (logits when the last activation is SOFTMAX)
   */
  float[] forward(float[] sample, int offset);

  /** Back-propagates dLoss/dOutput for the sample of the last {@link #forward}, adding to {@link #gradients()}. */
  void backward(float[] outputGradient);

  /** The index of the largest output for one sample (ties go to the lower index). */
  default int predict(float[] sample, int offset) {
    float[] out = forward(sample, offset);
    int best = 0;
    for (int i = 1; i < info().outputSize(); i++) {
      if (out[i] > out[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Splits each large layer of {@link #forward} over {@code threads} threads, the caller's included (1: none).
   * Every output is computed by the same operations in the same order whatever the count, so results keep their
   * bits. Classes without a layer large enough to split, and those generated before this method, ignore it.
   *
   * @throws IllegalArgumentException unless 1 &lt;= threads &lt;= {@link IntraOpThreads#MAX_THREADS}
   */
  default void setIntraOpThreads(int threads) {
    IntraOpThreads.check(threads);
  }

  /** The threads {@link #forward} splits large layers over: 1 unless the class splits and was told more. */
  default int intraOpThreads() {
    return 1;
  }

  /** Sets every gradient to zero. */
  void zeroGradients();

  /** A network sharing these parameters (and batch statistics), with its own activations and gradients. */
  GeneratedNetwork replica();

  /**
   * A network sharing these parameters, batch statistics and gradients, with its own activations: one per sample
   * of a batch in the stages of training; siblings add to one gradient array, so they take turns.
   */
  GeneratedNetwork sibling();

  /**
   * A micro-batch of up to {@code capacity} samples sharing these parameters, batch statistics and gradients, with
   * its own activations: one row per sample, run layer by layer.
   */
  GeneratedBatch batch(int capacity);

  /**
   * Runs training stage {@code stage} of one sample: batch norms use the batch's statistics, dropout draws its
   * mask from {@code seed}; stage 0 reads the sample, later stages ignore it.
   *
   * @return the live output buffer after the last stage, null after the others
   */
  float[] trainForward(int stage, float[] sample, int offset, long seed);

  /** Back-propagates training stage {@code stage} (last stage first); the last stage reads dLoss/dOutput. */
  void trainBackward(int stage, float[] outputGradient);

  /** Adds this sample's input sums for the batch norm that opens {@code stage} to {@code sums}. */
  void forwardSums(int stage, double[] sums);

  /** Sets the batch statistics of the batch norm that opens {@code stage} from all {@code batch} samples' sums. */
  void setForwardStatistics(int stage, double[] sums, int batch);

  /** Adds this sample's gradient sums for the batch norm that opens {@code stage} to {@code sums}. */
  void backwardSums(int stage, double[] sums);

  /** Sets the batch's gradient means of the batch norm that opens {@code stage} from all samples' sums. */
  void setBackwardStatistics(int stage, double[] sums, int batch);
}
