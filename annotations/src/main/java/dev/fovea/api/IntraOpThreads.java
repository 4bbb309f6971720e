package dev.fovea.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that split one sample's large layers: the caller runs part 0 of a task and worker k part k. Workers
 * spin for {@link #SPIN_NANOS} after a part before they park, so that the next layer's hand-off, microseconds
 * later, costs a memory write rather than a thread wake-up. A part its worker has not claimed by the time the
 * caller is done with its own, the caller runs itself: on a machine whose cores are busy a worker may wait
 * milliseconds for one, and the caller would otherwise wait with it. Which thread runs a part never changes what
 * it computes. Workers are daemons; {@link #close()} stops them.
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

  /** What a pool runs: part {@code part} of {@code parts} of task {@code task}, each part a disjoint span. */
  public interface Parts {
    void runPart(int task, int part, int parts);
  }

  private final Worker[] workers;
  private volatile boolean closed;
  /** The task of the current run, written before the workers' generation is raised, so they see it. */
  private Parts target;
  private int task;
  /** Runs so far, the caller's count: run g offers each worker its part as g. */
  private long runs;

  /** A pool of {@code threads} - 1 workers beside the caller. */
  public IntraOpThreads(int threads) {
    check(threads);
    workers = new Worker[threads - 1];
    for (int k = 0; k < workers.length; k++) {
      workers[k] = new Worker(k + 1);
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

  /**
   * Where part {@code part} of {@code parts} starts (part == parts: the end) over {@code total} values counted in
   * units of {@code unit}: every boundary but the end is a whole number of units, so the parts split no block.
   */
  public static int bound(int part, int parts, int units, int unit, int total) {
    return part >= parts ? total : Math.min(total, (int) ((long) part * units / parts) * unit);
  }

  /** Runs every part of {@code task} of {@code parts}, part 0 on the calling thread, and returns when all are done. */
  public void run(Parts parts, int task) {
    if (closed) {
      throw new IllegalStateException("the intra-op threads are closed");
    }
    this.target = parts;
    this.task = task;
    long run = ++runs;
    for (Worker w : workers) {
      w.offer(run);
    }
    Throwable failure = null;
    try {
      parts.runPart(task, 0, workers.length + 1);
    } catch (Throwable t) {
      failure = t;
    }
    for (Worker w : workers) {
      if (w.steal(run)) {
        try {
          parts.runPart(task, w.part, workers.length + 1);
        } catch (Throwable t) {
          failure = failure == null ? t : failure;
        }
      }
    }
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

  /** Stops the workers once their current part is done; a closed pool runs nothing. */
  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  /**
   * One worker thread. Its part of run g is offered by setting {@code claim} to g (runs count from 1); the worker
   * takes it by setting -g, the caller by setting 0, so exactly one of them runs it, and the worker reports it done
   * by setting {@code done} to g.
   */
  private final class Worker implements Runnable {
    private final int part;
    private Thread thread;
    private final AtomicLong claim = new AtomicLong();
    private volatile long done;
    /** Whether the worker is parked or about to be: the caller then unparks it. */
    private volatile boolean parked;
    private Throwable failure;

    Worker(int part) {
      this.part = part;
    }

    void offer(long run) {
      claim.set(run);
      // Dekker: the worker sets parked, then rereads claim; one of the two sees the other's write.
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    /** Whether the caller took the part of {@code run}, which the worker had not claimed. */
    boolean steal(long run) {
      return claim.compareAndSet(run, 0);
    }

    /** Waits for the worker's part of {@code run}; yields the core after a while, which the worker may need. */
    Throwable await(long run) {
      if (claim.get() == 0) {
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
          continue;  // closed, or the caller ran it
        }
        try {
          target.runPart(task, part, workers.length + 1);
        } catch (Throwable t) {
          failure = t;
        }
        done = offered;
      }
    }
  }
}
