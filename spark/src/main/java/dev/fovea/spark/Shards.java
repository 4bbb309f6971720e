package dev.fovea.spark;

import dev.fovea.runtime.Trainer;

/**
 * The runtime Trainer's cut of a mini-batch into shards, restated so that Spark tasks can compute whole shards:
 * {@code min(length, MAX_SHARDS)} contiguous, balanced ranges that depend on the batch length alone. The
 * Trainer sums shard gradients in shard order, so a driver that receives every shard's gradient and sums them in
 * the same order gets the same bits however many tasks computed them. DataParallelEquivalenceTest holds this to
 * the Trainer.
 */
final class Shards {

  private Shards() {}

  /** Shards of a batch of {@code length} samples. */
  static int count(int length) {
    return Math.min(length, Trainer.MAX_SHARDS);
  }

  /** The first sample (within the batch) of {@code shard}, as the Trainer's shardFrom computes it. */
  static int from(int shard, int length, int shards) {
    return (int) ((long) shard * length / shards);
  }

  /** The shard (within its batch) that holds sample {@code k} of a batch of {@code length}. */
  static int of(int k, int length) {
    int shards = count(length);
    int shard = (int) ((long) k * shards / length);
    // The estimate may be one low or high where the ranges' integer division rounds; settle it exactly.
    while (shard > 0 && from(shard, length, shards) > k) {
      shard--;
    }
    while (shard + 1 < shards && from(shard + 1, length, shards) <= k) {
      shard++;
    }
    return shard;
  }

  /** The task that computes the shard holding epoch position {@code position}: shard index modulo tasks. */
  static int task(int position, int samples, int batchSize, int tasks) {
    int batch = position / batchSize;
    int start = batch * batchSize;
    int length = Math.min(batchSize, samples - start);
    return of(position - start, length) % tasks;
  }
}
