package dev.fovea.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that split one sample's large layers. A task is cut into a few parts per thread, which the caller and
 * the workers take in turn from a shared counter until none is left, so a thread the scheduler holds back (on a
 * machine whose cores are busy a worker may wait milliseconds for one) delays at most the part it holds, and the
 * others take the rest. Which thread runs a part never changes what the part computes. Workers spin for
 * {@link #SPIN_NANOS} after a task before they park, so that the next layer's hand-off, microseconds later, costs a
 * memory write rather than a thread wake-up. Workers are daemons; {@link #close()} stops them.
 */
public final class IntraOpThreads implements AutoCloseable {
  /** The most threads one network may split its layers over. */
  public static final int MAX_THREADS = 64;

  /** The message of a thread count out of range, followed by the count. */
  public static final String BAD_COUNT = "intra-op threads must be from 1 to " + MAX_THREADS + ", was ";

  /** The system property that sets how long an idle worker spins before it parks, in nanoseconds. */
  public static final String SPIN_PROPERTY = "fovea.intraOpSpinNanos";

  /** How long an idle worker spins before it parks: 1 ms, longer than the gap between two layers. */
  static final long SPIN_NANOS = Long.getLong(SPIN_PROPERTY, 1_000_000L);

  /**
   * Parts per thread: enough that a held-back thread's part is a small share of the layer, few enough that each part
   * still spans several register blocks.
   */
  static final int PARTS_PER_THREAD = 4;

  /** What a pool runs: part {@code part} of {@code parts} of task {@code task}, each part a disjoint span. */
  public interface Parts {
    void runPart(int task, int part, int parts);
  }

  private final Worker[] workers;
  private volatile boolean closed;
  /** The current task, written before the workers are offered it, so they see it. */
  private Parts target;
  private int task;
  private int parts;
  /** The next part to take. */
  private final AtomicInteger next = new AtomicInteger();
  /** Runs so far, the caller's count: run g offers each worker the task as g. */
  private long runs;

  /** A pool of {@code threads} - 1 workers beside the caller. */
  public IntraOpThreads(int threads) {
    check(threads);
    workers = new Worker[threads - 1];
    for (int k = 0; k < workers.length; k++) {
      workers[k] = new Worker();
      Thread thread = new Thread(workers[k], "fovea-intra-op-" + (k + 1));
      thread.setDaemon(true);
      workers[k].thread = thread;
      thread.start();
    }
  }

  /** Returns {@code threads} if it is from 1 to {@link #MAX_THREADS}, else throws IllegalArgumentException. */
  public static int check(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(BAD_COUNT + threads);
    }
    return threads;
  }

  /** How many threads run a task's parts, the caller's included. */
  public int threads() {
    return workers.length + 1;
  }

  /** How many parts a task of {@code units} units is cut into: a few per thread, at most one per unit. */
  public int parts(int units) {
    return Math.max(1, Math.min(units, threads() * PARTS_PER_THREAD));
  }

  /**
   * Where part {@code part} of {@code parts} starts (part == parts: the end) over {@code total} values counted in
   * units of {@code unit}: every boundary but the end is a whole number of units, so the parts split no block.
   */
  public static int bound(int part, int parts, int units, int unit, int total) {
    return part >= parts ? total : Math.min(total, (int) ((long) part * units / parts) * unit);
  }

  /**
   * Runs every part of {@code task} cut into {@link #parts(int) parts(units)} parts, the calling thread taking parts
   * too, and returns when all are done; the first exception a part threw is thrown here.
   */
  public void run(Parts parts, int task, int units) {
    if (closed) {
      throw new IllegalStateException("the intra-op threads are closed");
    }
    this.target = parts;
    this.task = task;
    this.parts = parts(units);
    next.set(0);
    long run = ++runs;
    for (Worker w : workers) {
      w.offer(run);
    }
    Throwable failure = takeParts();
    for (Worker w : workers) {
      Throwable t = w.await(run);
      if (failure == null) {
        failure = t;
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /** Runs parts until none is left; returns the first exception one threw. */
  private Throwable takeParts() {
    Throwable failure = null;
    for (int part = next.getAndIncrement(); part < parts; part = next.getAndIncrement()) {
      try {
        target.runPart(task, part, parts);
      } catch (Throwable t) {
        failure = failure == null ? t : failure;
      }
    }
    return failure;
  }

  /** Stops the workers once their current part is done; a closed pool runs nothing. */
  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  /**
   * One worker thread. Run g is offered to it by setting {@code claim} to g (runs count from 1); the worker joins
   * by setting -g, or the caller, done before the worker came, withdraws it by setting 0, so the caller waits only
   * for workers that joined, each until it set {@code done} to g.
   */
  private final class Worker implements Runnable {
    private Thread thread;
    private final AtomicLong claim = new AtomicLong();
    private volatile long done;
    /** Whether the worker is parked or about to be: the caller then unparks it. */
    private volatile boolean parked;
    private Throwable failure;

    void offer(long run) {
      claim.set(run);
      // Dekker: the worker sets parked, then rereads claim; one of the two sees the other's write.
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    /** Waits for the worker if it joined run {@code run}; yields the core after a while, which the worker may need. */
    Throwable await(long run) {
      if (claim.compareAndSet(run, 0)) {
        return null;
      }
      long since = System.nanoTime();
      while (done != run) {
        if (System.nanoTime() - since < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      Throwable t = failure;
      failure = null;
      return t;
    }

    @Override
    public void run() {
      while (!closed) {
        long since = System.nanoTime();
        long offered;
        while ((offered = claim.get()) <= 0 && !closed) {
          if (System.nanoTime() - since < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (claim.get() <= 0 && !closed) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        if (closed || !claim.compareAndSet(offered, -offered)) {
          continue;  // closed, or the caller was done first
        }
        failure = takeParts();
        done = offered;
      }
    }
  }
}
