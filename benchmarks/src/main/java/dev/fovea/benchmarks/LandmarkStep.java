package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Sgd;
import dev.fovea.runtime.Trainer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time and memory of one training step of one sample (forward, backward, SGD update) of a network at its own input
 * size, the landmark networks' figure that {@code landmark_step.py} measures for PyTorch.
 *
 * <p>Run one network per JVM, so the process's peak resident memory is that network's:
 * {@code java --add-modules jdk.incubator.vector -Xmx12g -cp benchmarks.jar:CLASSES dev.fovea.benchmarks.LandmarkStep
 * dev.fovea.example.zoo.ResNet18 [steps]}. It prints key=value lines: the first step (which includes the JIT's
 * warm-up), the median of the next {@code steps} (default 5), the heap the model and its trainer hold after a full
 * collection, and the process's peak resident set (VmHWM).
 */
public final class LandmarkStep {

  private static final int SAMPLES = 2;

  private LandmarkStep() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: LandmarkStep ANNOTATED_NETWORK_CLASS [steps]");
      System.exit(2);
    }
    int steps = args.length == 2 ? Integer.parseInt(args[1]) : 5;
    long heapBefore = usedHeapAfterGc();
    Model model = Model.forNetwork(Class.forName(args[0]));
    Initializer.initialize(model, 42);
    Dataset data = Workloads.randomImages(model, SAMPLES);
    try (Trainer trainer = new Trainer(model, new Sgd(0.001), new Trainer.Config(1, 1, 42, 1))) {
      long[] nanos = new long[steps + 1];
      for (int i = 0; i <= steps; i++) {
        if (i % SAMPLES == 0) {
          trainer.startEpoch(data, i / SAMPLES + 1);
        }
        long start = System.nanoTime();
        trainer.trainNextBatch();
        nanos[i] = System.nanoTime() - start;
      }
      long heapHeld = usedHeapAfterGc() - heapBefore;
      long[] warm = Arrays.copyOfRange(nanos, 1, nanos.length);
      Arrays.sort(warm);
      System.out.println("network=" + args[0]);
      System.out.println("backend=" + model.backend());
      System.out.println("parameters=" + model.parameterCount());
      System.out.printf("first_step_ms=%.1f%n", nanos[0] / 1e6);
      System.out.printf("median_step_ms=%.1f%n", warm[warm.length / 2] / 1e6);
      System.out.printf("min_step_ms=%.1f%n", warm[0] / 1e6);
      System.out.printf("heap_held_mb=%.1f%n", heapHeld / 1048576.0);
      System.out.printf("peak_rss_mb=%.1f%n", peakResidentKilobytes() / 1024.0);
      System.out.println("load=" + Files.readString(Path.of("/proc/loadavg")).trim());
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmHWM of /proc/self/status in kB: the most resident memory the process had at any moment. */
  private static long peakResidentKilobytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
