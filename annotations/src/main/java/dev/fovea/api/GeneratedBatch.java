package dev.fovea.api;

/**
 * A micro-batch of a generated network: up to {@link #capacity()} samples per call, run layer by layer over the
 * whole micro-batch. Its activations are {@code n} rows of C x H x W, one per sample; layers that gain from it (dense
 * layers) run as matrix-matrix products over the rows, the others row by row. It shares the parameters, batch
 * statistics and gradients of the network it came from ({@link GeneratedNetwork#batch}), so it must not run beside
 * that network's own passes.
 *
 * <p>Results are those of running each sample on its own {@link GeneratedNetwork#sibling()} in sample order, bit for
 * bit: every parameter gradient receives the samples' shares in sample order, and batch sums add up in sample order.
 */
public interface GeneratedBatch {

  /** The most samples one call takes. */
  int capacity();

  /**
   * Runs {@code n} samples, packed as {@code n} rows of C x H x W values from {@code offset}, through every layer in
   * evaluation mode.
   *
   * @return the live output buffer: {@code n} rows of the network's outputs (logits when the last activation is
   *     SOFTMAX), valid until the next call
   */
  float[] forward(float[] samples, int offset, int n);

  /**
   * Runs training stage {@code stage} of {@code n} samples: batch norms use the batch's statistics, sample {@code k}'s
   * dropout draws its mask from {@code seeds[k]}; stage 0 reads the samples (packed rows from {@code offset}), later
   * stages ignore them.
   *
   * @return the live output buffer ({@code n} rows) after the last stage, null after the others
   */
  float[] trainForward(int stage, float[] samples, int offset, int n, long[] seeds);

  /**
   * Back-propagates training stage {@code stage} (last stage first) of the {@code n} samples of the last
   * {@link #trainForward}, adding to the shared gradients; the last stage reads dLoss/dOutput as {@code n} rows of
   * {@code outputGradients}, the others ignore it.
   */
  void trainBackward(int stage, float[] outputGradients, int n);

  /** Adds the {@code n} samples' input sums for the batch norm that opens {@code stage} to {@code sums}, in order. */
  void forwardSums(int stage, double[] sums, int n);

  /** Adds the {@code n} samples' gradient sums for the batch norm that opens {@code stage} to {@code sums}. */
  void backwardSums(int stage, double[] sums, int n);
}
