package dev.fovea.benchmarks;

import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Thread CPU time per forward or backward call, for A/B comparisons on a loaded machine, where wall-clock JMH
 * figures swing by tens of per cent: time the thread spends off the CPU is not counted (caches shared with other
 * work still are). Per workload: 2 s of CPU to warm up, then 30 blocks of about 33 ms; prints the fastest block
 * and the median, in microseconds per call ({@code -Dfovea.warmup=S} warms up S seconds). Run one workload per JVM, as JMH forks, so that no other network's
 * code shares the JIT's profiles:
 *
 * <pre>java --add-modules jdk.incubator.vector -Dfovea.backend=vector -cp benchmarks.jar
 *     dev.fovea.benchmarks.CpuTime W1:forward</pre>
 *
 * <p>A workload is W1, W2 or W3 (whole networks) or a {@link LayerNetworks} layer (W1.c1, W2.conv2...), then
 * {@code :forward} or {@code :backward}. Forward calls cycle through {@value #INPUTS} seeded random inputs: on one
 * input repeated, the branch predictor learns its data-dependent branches (max pooling's took 43-62 us of W2's
 * forward pass on changing images and next to nothing on one), so a single input flatters such code. Backward
 * calls reuse the first input's activations.
 */
public final class CpuTime {
  /** Seconds of CPU to warm up: 2 by default; W3's layer methods need about 20 (its first forward pass alone takes seconds). */
  private static final long WARM_UP_NANOS = Long.getLong("fovea.warmup", 2) * 1_000_000_000L;
  private static final int BLOCKS = 30;
  private static final int INPUTS = 64;
  private static int next;
  private static float sink;

  private CpuTime() {}

  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String workload : args) {
      String[] parts = workload.split(":");
      boolean layer = parts[0].contains(".");
      Model model = layer ? Model.forNetwork(LayerNetworks.BY_NAME.get(parts[0])) : Workloads.network(parts[0]);
      if (layer) {
        Initializer.initialize(model, 42);
      }
      boolean backward = parts.length > 1 && parts[1].equals("backward");
      SplittableRandom random = new SplittableRandom(7);
      float[] input = new float[INPUTS * model.inputSize()];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) random.nextDouble(-1, 1);
      }
      float[] gradient = new float[model.outputSize()];
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = (float) random.nextDouble(-1, 1);
      }
      // backward needs a forward pass's activations; repeated backward calls leave them unchanged.
      model.forward(input, 0);
      next = 0;
      long start = threads.getCurrentThreadCpuTime();
      int calls = 0;
      while (threads.getCurrentThreadCpuTime() - start < WARM_UP_NANOS) {
        call(model, input, gradient, backward);
        calls++;
      }
      int perBlock = Math.max(1, calls / 60);
      double[] micros = new double[BLOCKS];
      for (int b = 0; b < BLOCKS; b++) {
        if (backward) {
          Arrays.fill(model.gradients(), 0f);
        }
        long blockStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < perBlock; i++) {
          call(model, input, gradient, backward);
        }
        micros[b] = (threads.getCurrentThreadCpuTime() - blockStart) / 1000.0 / perBlock;
      }
      Arrays.sort(micros);
      System.out.printf("%s %s: CPU us/call fastest block %.2f, median %.2f (%d blocks of %d calls)%n", parts[0],
          backward ? "backward" : "forward", micros[0], micros[BLOCKS / 2], BLOCKS, perBlock);
    }
    if (sink == 42f) {
      System.out.println();
    }
  }

  private static void call(Model model, float[] input, float[] gradient, boolean backward) {
    if (backward) {
      model.backward(gradient);
      sink += model.gradients()[0];
    } else {
      sink += model.forward(input, next * model.inputSize())[0];
      next = (next + 1) % INPUTS;
    }
  }
}
