package dev.fovea.example;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Sgd;
import dev.fovea.runtime.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Times training steps of one sample (forward, backward, SGD update) of a landmark network on one thread, and
 * reports the heap its model and trainer keep and the process's peak resident memory; benchmarks/zoo_step.sh runs it beside the PyTorch peer
 * (benchmarks/zoo_torch_step.py). Usage: {@code ZooStep NETWORK [STEPS]}, NETWORK as the main job's --network.
 */
public final class ZooStep {
  private ZooStep() {}

  public static void main(String[] args) throws IOException {
    String network = args[0];
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Model model = Model.forNetwork(ZooRun.NETWORKS.get(network));
    Initializer.initialize(model, 42);
    // The same sample STEPS times, one per batch: one fit, as training runs, timed at every batch's end.
    float[] images = new float[steps * model.inputSize()];
    Random random = new Random(42);
    for (int i = 0; i < model.inputSize(); i++) {
      images[i] = (float) random.nextGaussian();
    }
    for (int s = 1; s < steps; s++) {
      System.arraycopy(images, 0, images, s * model.inputSize(), model.inputSize());
    }
    Dataset samples = new Dataset(network, model.inputChannels(), model.inputHeight(), model.inputWidth(), images,
        new int[steps], model.outputSize());
    double[] ms = new double[steps];
    long[] last = {System.nanoTime()};
    try (Trainer trainer = new Trainer(model, new Sgd(0.001), new Trainer.Config(1, 1, 42, 1))) {
      trainer.fit(samples, new Trainer.Listener() {
        @Override
        public void epochFinished(Trainer.EpochReport report) {}

        @Override
        public void batchFinished(int epoch, int batch, int batches, int done, double loss) {
          long now = System.nanoTime();
          ms[batch - 1] = (now - last[0]) / 1e6;
          last[0] = now;
        }
      });
    }
    double[] later = Arrays.copyOfRange(ms, 1, steps);
    Arrays.sort(later);
    System.gc();
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    System.out.printf(Locale.ROOT, "fovea %s %s backend: first step %.0f ms, median of the next %d %.0f ms; "
            + "heap in use after the steps and a GC %,d MiB, peak RSS %s; parameters and state %,d%n", network,
        model.backend(), ms[0], later.length, later[later.length / 2], heap >> 20, peakResident(),
        model.parameterCount());
  }

  /** VmHWM of /proc/self/status: the most resident memory the process has had. */
  private static String peakResident() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
        .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
  }
}
