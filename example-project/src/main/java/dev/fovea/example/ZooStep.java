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
 * reports the process's peak resident memory; benchmarks/zoo_step.sh runs it beside the PyTorch peer
 * (benchmarks/zoo_torch_step.py). Usage: {@code ZooStep NETWORK [STEPS]}, NETWORK as the main job's --network.
 */
public final class ZooStep {
  private ZooStep() {}

  public static void main(String[] args) throws IOException {
    String network = args[0];
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Model model = Model.forNetwork(ZooRun.NETWORKS.get(network));
    Initializer.initialize(model, 42);
    float[] image = new float[model.inputSize()];
    Random random = new Random(42);
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
    }
    Dataset one = new Dataset(network, model.inputChannels(), model.inputHeight(), model.inputWidth(), image,
        new int[] {0}, model.outputSize());
    double[] ms = new double[steps];
    try (Trainer trainer = new Trainer(model, new Sgd(0.001), new Trainer.Config(1, 1, 42, 1))) {
      for (int s = 0; s < steps; s++) {
        long start = System.nanoTime();
        trainer.fit(one, report -> { });
        ms[s] = (System.nanoTime() - start) / 1e6;
      }
    }
    double[] later = Arrays.copyOfRange(ms, 1, steps);
    Arrays.sort(later);
    System.out.printf(Locale.ROOT, "fovea %s %s backend: first step %.0f ms, median of the next %d %.0f ms; "
            + "peak RSS %s; parameters %,d%n", network, model.backend(), ms[0], later.length,
        later[later.length / 2], peakResident(), model.parameterCount());
  }

  /** VmHWM of /proc/self/status: the most resident memory the process has had. */
  private static String peakResident() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
        .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
  }
}
