package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.SafeTensors.Tensor;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Weights trained in PyTorch load into Fovea's LeNet-5 and reproduce PyTorch's recorded outputs within 1e-5;
 * Fovea saves them back with the same names, shapes and values. The files and the script that made them are in
 * {@code src/test/resources/pytorch}; this test needs no Python.
 */
class PyTorchInteropTest {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/pytorch");
  /** Float32 sums in another order (PyTorch's convolution and matrix kernels) differ by a few ulps per layer. */
  private static final float TOLERANCE = 1e-5f;

  @Test
  void pytorchWeightsReproducePytorchOutputsInFovea() throws Exception {
    Model model = Model.of(Generated.load(Generated.compileAnnotated(GoldenSourceTest.leNet5()), "demo.LeNet5Net"));
    SafeTensors.load(model, DIR.resolve("lenet5_pytorch.safetensors"));
    Map<String, Tensor> recorded = SafeTensors.read(DIR.resolve("lenet5_outputs.safetensors"));
    Tensor inputs = recorded.get("inputs");
    float[] logits = recorded.get("logits").data();
    float[] probabilities = recorded.get("probabilities").data();
    int samples = inputs.shape()[0];
    assertEquals(8, samples);
    float worst = 0;
    for (int s = 0; s < samples; s++) {
      float[] out = model.forward(inputs.data(), s * model.inputSize()).clone();
      float[] p = new float[out.length];
      SoftmaxCrossEntropy.softmax(out, p);
      for (int k = 0; k < out.length; k++) {
        float expected = logits[s * out.length + k];
        worst = Math.max(worst, Math.abs(out[k] - expected));
        assertEquals(expected, out[k], TOLERANCE, "logit " + k + " of sample " + s);
        assertEquals(probabilities[s * out.length + k], p[k], TOLERANCE, "probability " + k + " of sample " + s);
      }
    }
    System.out.println("PyTorch vs Fovea, largest logit difference: " + worst);
  }

  @Test
  void foveaSavesPytorchWeightsBackUnchangedForLoadStateDict() throws Exception {
    Model model = Model.of(Generated.load(Generated.compileAnnotated(GoldenSourceTest.leNet5()), "demo.LeNet5Net"));
    Path original = DIR.resolve("lenet5_pytorch.safetensors");
    SafeTensors.load(model, original);
    // Left in target/ so that `make_lenet_safetensors.py --check` can load it into PyTorch by hand.
    Path saved = Path.of(System.getProperty("basedir", "."), "target", "pytorch", "lenet5-fovea.safetensors");
    Files.createDirectories(saved.getParent());
    SafeTensors.save(model, saved);
    Map<String, Tensor> before = SafeTensors.read(original);
    Map<String, Tensor> after = SafeTensors.read(saved);
    assertEquals(before.keySet(), after.keySet());
    assertTrue(before.keySet().containsAll(model.parameterSpecs().stream().map(p -> p.name()).toList()));
    for (String name : before.keySet()) {
      assertArrayEquals(before.get(name).shape(), after.get(name).shape(), name);
      assertArrayEquals(before.get(name).data(), after.get(name).data(), name);
    }
  }
}
