package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.api.IntraOpThreads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Model.setIntraOpThreads checks its count and passes it on; the pool runs every part once, exceptions included. */
class IntraOpThreadsTest {

  @Test
  void badCountsAreRefusedWithTheMessage() {
    Model model = Model.of(TinyDenseNet.class);
    for (int bad : new int[] {0, -3, IntraOpThreads.MAX_THREADS + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setIntraOpThreads(bad));
      assertEquals(IntraOpThreads.BAD_COUNT + bad, e.getMessage());
    }
  }

  @Test
  void aClassWithNothingToSplitStaysOnOneThreadWithTheSameOutputs() {
    Model model = Model.of(TinyDenseNet.class);
    float[] input = {0.5f, -1f, 2f, 0.25f};
    float[] before = model.forward(input, 0).clone();
    assertSame(model, model.setIntraOpThreads(2));
    assertEquals(1, model.intraOpThreads(), "TinyDenseNet keeps GeneratedNetwork's defaults");
    assertArrayEquals(before, model.forward(input, 0));
  }

  @Test
  void thePoolRunsEachPartOnceOnTheCallerOrAWorker() {
    try (IntraOpThreads pool = new IntraOpThreads(3)) {
      assertEquals(3, pool.threads());
      assertEquals(12, pool.parts(100), "four parts per thread");
      assertEquals(5, pool.parts(5), "at most one part per unit");
      AtomicIntegerArray runs = new AtomicIntegerArray(12);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      for (int round = 0; round < 100; round++) {
        pool.run((task, part, parts) -> {
          assertEquals(7, task);
          assertEquals(12, parts);
          runs.incrementAndGet(part);
          threads.add(Thread.currentThread().getName());
        }, 7, 100);
      }
      for (int part = 0; part < 12; part++) {
        assertEquals(100, runs.get(part), "part " + part);
      }
      assertTrue(Set.of(Thread.currentThread().getName(), "fovea-intra-op-1", "fovea-intra-op-2")
          .containsAll(threads), threads::toString);
    }
  }

  @Test
  void aPartsFailureReachesTheCaller() {
    try (IntraOpThreads pool = new IntraOpThreads(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run((task, part, parts) -> {
        if (part == 1) {
          throw new IllegalStateException("part 1");
        }
      }, 0, 2));
      assertEquals("part 1", e.getMessage());
      AtomicIntegerArray done = new AtomicIntegerArray(2);
      pool.run((task, part, parts) -> done.incrementAndGet(part), 0, 2);
      assertEquals("[1, 1]", done.toString(), "the pool still runs after a failure");
    }
  }

  @Test
  void boundsSplitWholeUnitsAndEndAtTheTotal() {
    // 13 units of 16 values over 208: parts of 6 and 7 units.
    assertEquals(0, IntraOpThreads.bound(0, 2, 13, 16, 208));
    assertEquals(96, IntraOpThreads.bound(1, 2, 13, 16, 208));
    assertEquals(208, IntraOpThreads.bound(2, 2, 13, 16, 208));
    // 25 units of 4 rows over 98 rows: the last part ends at 98, not 100.
    assertEquals(64, IntraOpThreads.bound(2, 3, 25, 4, 98));
    assertEquals(98, IntraOpThreads.bound(3, 3, 25, 4, 98));
  }
}
