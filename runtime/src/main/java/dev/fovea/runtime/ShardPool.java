package dev.fovea.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** Persistent daemon threads that, with the calling thread, run numbered units of work in rounds. */
final class ShardPool implements AutoCloseable {

  /** One unit of work; {@code worker} is 0 on the calling thread and 1..threads-1 on pool threads. */
  @FunctionalInterface
  interface Work {
    void run(int unit, int worker);
  }

  // Rounds are handed over with a volatile generation counter and park/unpark rather than an
  // executor, CyclicBarrier or Phaser: those allocate a task, generation or wait node per round,
  // and training runs a round per batch with a promise of allocating nothing per step.
  private final Work work;
  private final String activity;
  private final Thread[] helpers;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  // Written by the caller before it bumps the generation, so helpers see them after reading it.
  private int units;
  private Thread caller;
  private volatile long generation;
  private volatile boolean stop;
  private volatile boolean closed;

  /**
   * Starts {@code threads - 1} daemon threads named {@code threadPrefix-1..}; {@code activity}
   * names the job in the interruption message, e.g. "training".
   */
  ShardPool(String threadPrefix, String activity, int threads, Work work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    this.work = work;
    this.activity = activity;
    helpers = new Thread[threads - 1];
    for (int h = 0; h < helpers.length; h++) {
      int worker = h + 1;
      Thread t = new Thread(() -> serve(worker), threadPrefix + "-" + worker);
      t.setDaemon(true);
      helpers[h] = t;
    }
    for (Thread t : helpers) {
      t.start();
    }
  }

  /**
   * Runs units 0..units-1, each exactly once, on the caller and the pool threads, and returns only
   * when every thread is idle again. The first failure of any unit stops further units and is
   * rethrown; an interrupted caller stops further units too, keeps its interrupt flag and gets an
   * IllegalStateException. Allocates nothing when no unit fails.
   */
  void run(int units) {
    if (closed) {
      throw new IllegalStateException(activity + " threads are closed");
    }
    this.units = units;
    next.set(0);
    failure.set(null);
    stop = false;
    caller = Thread.currentThread();
    busy.set(helpers.length);
    generation++; // only the caller writes it, so the non-atomic increment is safe
    for (Thread t : helpers) {
      LockSupport.unpark(t);
    }
    claim(0);
    boolean interrupted = awaitHelpers();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f != null) {
      throw Model.unchecked(f);
    }
    // Checked after every round, not only while waiting, so the outcome does not depend on the
    // thread count or on whether the helpers happened to finish first.
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException(activity + " interrupted", new InterruptedException());
    }
  }

  private void claim(int worker) {
    try {
      int u;
      while (!stop && (u = next.getAndIncrement()) < units) {
        work.run(u, worker);
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      stop = true;
    }
  }

  /** Waits, not interruptibly, until every helper has finished the round; true if interrupted. */
  private boolean awaitHelpers() {
    boolean interrupted = false;
    while (busy.get() > 0) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        // Helpers cannot be abandoned mid-unit (they write shared buffers), so ask them to stop
        // claiming and keep waiting.
        interrupted = true;
        stop = true;
      }
    }
    return interrupted;
  }

  private void serve(int worker) {
    long seen = 0;
    while (true) {
      long g;
      while ((g = generation) == seen) {
        if (closed) {
          return;
        }
        LockSupport.park(this);
        // Nobody else holds these threads, so an interrupt means nothing; clearing it keeps park
        // from returning at once and spinning.
        Thread.interrupted();
      }
      seen = g;
      claim(worker);
      if (busy.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }
  }

  /** Stops the pool threads and waits for them to exit; they are idle between rounds. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Thread t : helpers) {
      LockSupport.unpark(t);
    }
    boolean interrupted = false;
    for (Thread t : helpers) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
