package dev.fovea.example.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * torchvision's state_dict() of each of its landmark networks loads into the zoo's declaration unchanged, and gives
 * torchvision's eval-mode logits within 1e-4 of the largest, on the portable class and on the Vector API one. The
 * weights (seeded random, VGG11's 531 MB) are made at test time by src/test/python/make_zoo_fixture.py into
 * target/zoo-fixtures, and kept while the script is unchanged; without /usr/bin/python3 and its torch and torchvision (Debian's python3-torch and
 * python3-torchvision) the test is skipped.
 */
class ZooParityTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path BASE = Path.of(System.getProperty("basedir", "."));
  private static final Path SCRIPT = BASE.resolve("src/test/python/make_zoo_fixture.py");
  private static final Path FIXTURES = BASE.resolve("target/zoo-fixtures");
  /** Relative to the largest logit of the sample: float32 sums in another order than float64 PyTorch's. */
  private static final double TOLERANCE = 1e-4;
  private static Boolean torch;

  @ParameterizedTest
  @CsvSource({"alexnet, AlexNetTorch", "vgg11, Vgg11", "googlenet, GoogLeNet", "resnet18, ResNet18",
      "resnet34, ResNet34"})
  void torchvisionWeightsGiveTorchvisionsLogits(String torchvision, String network) throws Exception {
    assumeTrue(torchAvailable(), PYTHON + " cannot import torch and torchvision");
    Path weights = fixture(torchvision);
    String generated = ZooParityTest.class.getPackageName() + "." + network + "Net";
    Model portable = Model.of(Class.forName(generated));
    SafeTensors.load(portable, weights); // every name and shape as the state_dict's, or it throws
    Map<String, SafeTensors.Tensor> expected = SafeTensors.read(FIXTURES.resolve(torchvision + "_logits.safetensors"));
    compare(portable, expected);
    // The Vector API class, on the same weights, when the test JVM has the module (the example's surefire does).
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      compare(Model.of(Class.forName(generated + "Vector"), portable.parameters()), expected);
    }
  }

  private static void compare(Model model, Map<String, SafeTensors.Tensor> expected) {
    float[] input = expected.get("input").data();
    float[] logits = expected.get("logits").data();
    int samples = expected.get("input").shape()[0];
    assertEquals(model.inputSize() * samples, input.length);
    for (int s = 0; s < samples; s++) {
      float[] out = model.forward(input, s * model.inputSize());
      double largest = 0;
      double worst = 0;
      for (int j = 0; j < out.length; j++) {
        largest = Math.max(largest, Math.abs(logits[s * out.length + j]));
      }
      for (int j = 0; j < out.length; j++) {
        worst = Math.max(worst, Math.abs(out[j] - logits[s * out.length + j]) / largest);
      }
      System.out.printf(Locale.ROOT, "%s (%s) sample %d: largest logit %.3f, worst difference %.2e of it%n",
          model.name(), model.backend(), s, largest, worst);
      assertTrue(largest > 0.1, "degenerate reference logits");
      assertTrue(worst <= TOLERANCE, model.name() + " (" + model.backend() + ") sample " + s + ": " + worst);
    }
  }

  /** Asked once: importing torch takes seconds. */
  private static synchronized boolean torchAvailable() throws IOException, InterruptedException {
    if (torch == null) {
      Process p = Files.isExecutable(Path.of(PYTHON))
          ? new ProcessBuilder(PYTHON, "-c", "import torch, torchvision").redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          : null;
      torch = p != null && p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    return torch;
  }

  /** The weights file, made by the script unless a file newer than the script is there. */
  private static Path fixture(String torchvision) throws IOException, InterruptedException {
    Path weights = FIXTURES.resolve(torchvision + ".safetensors");
    Path logits = FIXTURES.resolve(torchvision + "_logits.safetensors");
    if (Files.exists(weights) && Files.exists(logits)
        && Files.getLastModifiedTime(logits).compareTo(Files.getLastModifiedTime(SCRIPT)) > 0) {
      return weights;
    }
    Files.createDirectories(FIXTURES);
    Path log = FIXTURES.resolve(torchvision + ".log");
    Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), torchvision, FIXTURES.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "make_zoo_fixture.py " + torchvision + " took over 10 minutes");
    assertEquals(0, p.exitValue(), () -> "make_zoo_fixture.py failed: " + read(log));
    return weights;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
