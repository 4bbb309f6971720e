package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Batch-1 latency on one thread against the same network's large layers split over more (Model.setIntraOpThreads),
 * interleaved round by round so that both see the same machine, after a check that both give the same bits:
 *
 * <pre>java --add-modules jdk.incubator.vector -Dfovea.backend=vector -cp benchmarks.jar
 *     dev.fovea.benchmarks.SplitLatency W2 [threads [rounds [seconds per round]]]</pre>
 *
 * <p>Prints each side's median and fastest round in microseconds per call, wall time and the calling thread's CPU
 * time (on a machine with no idle core the wall time shows the other work as much as the split; the caller's CPU
 * time shows what it still does itself). Defaults: 2 threads, 15 rounds of 1 s each side, after 10 s of warm-up on
 * each ({@code -Dfovea.warmup=S}).
 */
public final class SplitLatency {
  private static final String MISMATCH = "outputs differ between 1 and %d threads at image %d, output %d";

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private static float sink;

  private SplitLatency() {}

  public static void main(String[] args) {
    String network = args.length > 0 ? args[0] : "W2";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    int images = network.equals("W3") ? 8 : 256;
    Dataset data = Workloads.images(network, images);
    Model one = Workloads.network(network);
    Model split = one.replica().setIntraOpThreads(threads);
    for (int i = 0; i < images; i++) {
      float[] expected = one.forward(data.images(), data.offset(i)).clone();
      float[] actual = split.forward(data.images(), data.offset(i));
      for (int o = 0; o < expected.length; o++) {
        if (Float.floatToRawIntBits(expected[o]) != Float.floatToRawIntBits(actual[o])) {
          throw new AssertionError(String.format(MISMATCH, threads, i, o));
        }
      }
    }
    long warmUp = Long.getLong("fovea.warmup", 10) * 1_000_000_000L;
    run(one, data, images, warmUp);
    run(split, data, images, warmUp);
    double[] ones = new double[rounds];
    double[] splits = new double[rounds];
    double[] oneCpu = new double[rounds];
    double[] splitCpu = new double[rounds];
    long roundNanos = (long) (seconds * 1e9);
    for (int r = 0; r < rounds; r++) {
      // Alternate which side goes first, so that neither always follows the other's cache state.
      for (int side = 0; side < 2; side++) {
        boolean first = (side == 0) == (r % 2 == 0);
        double[] times = run(first ? one : split, data, images, roundNanos);
        (first ? ones : splits)[r] = times[0];
        (first ? oneCpu : splitCpu)[r] = times[1];
      }
    }
    split.setIntraOpThreads(1);
    for (double[] values : new double[][] {ones, splits, oneCpu, splitCpu}) {
      Arrays.sort(values);
    }
    int m = rounds / 2;
    System.out.printf("%s batch-1 latency, us per call, %d rounds of %.1f s: 1 thread median %.1f (fastest %.1f);"
        + " %d threads median %.1f (fastest %.1f); speed-up %.2fx. The caller's CPU time: %.1f and %.1f (same bits"
        + " checked on %d images)%n", network, rounds, seconds, ones[m], ones[0], threads, splits[m], splits[0],
        ones[m] / splits[m], oneCpu[m], splitCpu[m], images);
  }

  /** Forward calls over the images for about {@code nanos}; returns microseconds per call, wall and CPU time. */
  private static double[] run(Model model, Dataset data, int images, long nanos) {
    long cpu = CPU.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long now = start;
    int calls = 0;
    while (now - start < nanos) {
      float[] out = model.forward(data.images(), data.offset(calls % images));
      sink += out[0];
      calls++;
      now = System.nanoTime();
    }
    return new double[] {(now - start) / 1e3 / calls, (CPU.getCurrentThreadCpuTime() - cpu) / 1e3 / calls};
  }
}
