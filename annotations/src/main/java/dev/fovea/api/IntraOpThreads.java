package dev.fovea.api;

import java.util.concurrent.locks.LockSupport;

/**
 * The threads that split one sample's large layers: the caller runs part 0 of a task and worker k part k. Workers
 * spin for {@link #SPIN_NANOS} after a part before they park, so that the next layer's hand-off, microseconds
 * later, costs a memory write rather than a thread wake-up. Workers are daemons; {@link #close()} stops them.
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
    for (Worker w : workers) {
      w.start();
    }
    Throwable failure = null;
    try {
      parts.runPart(task, 0, workers.length + 1);
    } catch (Throwable t) {
      failure = t;
    }
    for (Worker w : workers) {
      Throwable t = w.await();
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

  /** One worker thread: it runs its part whenever the caller raises its generation. */
  private final class Worker implements Runnable {
    private final int part;
    private Thread thread;
    /** Raised by the caller for each run; the worker runs a part when it differs from the one it last ran. */
    private volatile long generation;
    /** The generation whose part is done. */
    private volatile long done;
    /** Whether the worker is parked or about to be: the caller then unparks it. */
    private volatile boolean parked;
    private Throwable failure;

    Worker(int part) {
      this.part = part;
    }

    void start() {
      generation = generation + 1;
      // Dekker: the worker sets parked, then rereads generation; one of the two sees the other's write.
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    Throwable await() {
      long wanted = generation;
      while (done != wanted) {
        Thread.onSpinWait();
      }
      Throwable t = failure;
      failure = null;
      return t;
    }

    @Override
    public void run() {
      long seen = 0;
      while (!closed) {
        long since = System.nanoTime();
        while (generation == seen && !closed) {
          if (System.nanoTime() - since < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (generation == seen && !closed) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        if (closed) {
          return;
        }
        seen = generation;
        try {
          target.runPart(task, part, workers.length + 1);
        } catch (Throwable t) {
          failure = t;
        }
        done = seen;
      }
    }
  }
}
