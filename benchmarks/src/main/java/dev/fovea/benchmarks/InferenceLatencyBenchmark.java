package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch-1 inference latency in microseconds: Model.forward on one image, its large layers split over
 * {@code threads} threads (the caller's included; {@link Model#setIntraOpThreads}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InferenceLatencyBenchmark {

  @Param({"W1", "W2"})
  String network;

  @Param({"1", "2"})
  int threads;

  private Model model;
  private float[] images;
  private int imageSize;
  private int next;

  @Setup
  public void setUp() {
    Dataset data = Workloads.firstTrainingImages(1024);
    images = data.images();
    imageSize = data.imageSize();
    model = Workloads.network(network).setIntraOpThreads(threads);
  }

  /** The logits of the next of 1,024 images (a different image each call, as the peer does). */
  @TearDown
  public void tearDown() {
    model.setIntraOpThreads(1);
  }

  @Benchmark
  public float[] forward() {
    int i = next;
    next = (i + 1) & 1023;
    return model.forward(images, i * imageSize);
  }
}
