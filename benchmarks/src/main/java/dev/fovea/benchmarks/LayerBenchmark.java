package dev.fovea.benchmarks;

import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time of one sample's forward and backward pass through each one-layer network (see {@link LayerFlops}). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LayerBenchmark {

  @Param({"W1.c1", "W1.c3", "W1.f5", "W1.f6", "W1.output",
      "W2.conv1", "W2.conv2", "W2.conv3", "W2.dense1", "W2.output", "X.depthwise", "X.separable",
      "W3.conv1", "W3.bn1", "W3.layer1", "W3.layer2", "W3.layer3", "W3.layer4"})
  String layer;

  private Model model;
  private float[] input;
  private float[] outputGradient;

  @Setup
  public void setUp() {
    model = Model.forNetwork(LayerNetworks.BY_NAME.get(layer));
    Initializer.initialize(model, 42);
    SplittableRandom random = new SplittableRandom(7);
    input = new float[model.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble(-1, 1);
    }
    outputGradient = new float[model.outputSize()];
    for (int i = 0; i < outputGradient.length; i++) {
      outputGradient[i] = (float) random.nextDouble(-1, 1);
    }
    // backward() needs the activations of a forward pass; a one-layer backward leaves them unchanged.
    model.forward(input, 0);
  }

  @Setup(Level.Iteration)
  public void zeroGradients() {
    Arrays.fill(model.gradients(), 0f);
  }

  /** Output activations of the layer for one sample. */
  @Benchmark
  public float[] forward() {
    return model.forward(input, 0);
  }

  /** Parameter gradients of the layer for one sample (no input gradient: it is the network's first layer). */
  @Benchmark
  public float[] backward() {
    model.backward(outputGradient);
    return model.gradients();
  }
}
