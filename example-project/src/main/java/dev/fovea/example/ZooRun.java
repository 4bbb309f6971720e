package dev.fovea.example;

import dev.fovea.example.zoo.AlexNet;
import dev.fovea.example.zoo.AlexNetTorch;
import dev.fovea.example.zoo.GoogLeNet;
import dev.fovea.example.zoo.ResNet18;
import dev.fovea.example.zoo.ResNet34;
import dev.fovea.example.zoo.Vgg11;
import dev.fovea.example.zoo.Xception;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The main job's landmark networks: too large for 28x28 Fashion-MNIST, so it prints the summary and times forward
 * passes of one seeded random input of the network's own size through seeded initial weights.
 */
final class ZooRun {
  /** The {@code --network} names of the zoo, in the order the usage lists them. */
  static final Map<String, Class<?>> NETWORKS = networks();

  private ZooRun() {}

  private static Map<String, Class<?>> networks() {
    Map<String, Class<?>> networks = new LinkedHashMap<>();
    networks.put("alexnet", AlexNet.class);
    networks.put("alexnet-torch", AlexNetTorch.class);
    networks.put("vgg11", Vgg11.class);
    networks.put("googlenet", GoogLeNet.class);
    networks.put("resnet18", ResNet18.class);
    networks.put("resnet34", ResNet34.class);
    networks.put("xception", Xception.class);
    return networks;
  }

  static void run(String network, long seed) {
    Model model = Model.forNetwork(NETWORKS.get(network));
    System.out.print(model.summary());
    Initializer.initialize(model, seed);
    float[] input = new float[model.inputSize()];
    Random random = new Random(seed);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    // The first pass runs mostly interpreted; the second shows the JIT-compiled speed.
    for (String pass : new String[] {"first", "second"}) {
      long start = System.nanoTime();
      float[] logits = model.forward(input, 0);
      double ms = (System.nanoTime() - start) / 1e6;
      String top = IntStream.range(0, logits.length).boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> logits[i]).reversed()).limit(5)
          .map(i -> String.format(Locale.ROOT, "%d (%.3f)", i, logits[i])).collect(Collectors.joining(", "));
      System.out.printf(Locale.ROOT, "%s forward pass of one %dx%dx%d input: %.0f ms (%s backend); top logits: %s%n",
          pass, model.inputChannels(), model.inputHeight(), model.inputWidth(), ms, model.backend(), top);
    }
  }
}
