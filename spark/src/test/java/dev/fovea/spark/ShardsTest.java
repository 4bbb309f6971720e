package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.runtime.Trainer;
import org.junit.jupiter.api.Test;

/** Every sample of every batch length maps to the shard whose Trainer range holds it. */
class ShardsTest {

  @Test
  void eachSampleLiesInItsShardsRange() {
    for (int length = 1; length <= 300; length++) {
      int shards = Shards.count(length);
      assertEquals(Math.min(length, Trainer.MAX_SHARDS), shards);
      for (int k = 0; k < length; k++) {
        int shard = Shards.of(k, length);
        int lo = Shards.from(shard, length, shards);
        int hi = Shards.from(shard + 1, length, shards);
        assertEquals(true, lo <= k && k < hi, "length " + length + ", sample " + k + " in shard " + shard);
      }
    }
  }

  @Test
  void tasksTakeShardsRoundRobinAndTheLastBatchIsCutByItsOwnLength() {
    // 20 samples in batches of 16: the second batch has 4 samples in 4 shards of one.
    assertEquals(0, Shards.task(0, 20, 16, 3));
    assertEquals(1, Shards.task(2, 20, 16, 3));
    assertEquals(2, Shards.task(5, 20, 16, 3));
    assertEquals(0, Shards.task(7, 20, 16, 3));
    assertEquals(0, Shards.task(16, 20, 16, 3));
    assertEquals(1, Shards.task(17, 20, 16, 3));
    assertEquals(0, Shards.task(19, 20, 16, 3));
  }
}
