package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.RmsProp;
import dev.fovea.runtime.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3, ResNet-18 at 224x224: batch-1 latency on one thread or split over two, batch inference on two, and training
 * at batch 32 on one and two threads, on seeded random images. An operation takes 0.1 s to several seconds (a batch-32 step is about
 * 350 GFLOP), so iterations are 10 s and the heap is large enough for 32 samples' activations. The warm-up is long:
 * the JIT compiles ResNet-18's many layer methods over the first 50 or so forward passes (measured on a busy 2-core
 * machine: 17.8 s for the first, 0.2 s from about the fortieth on).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx12g")
@Warmup(iterations = 5, time = 10)
@Measurement(iterations = 3, time = 10)
public class W3Benchmark {

  static final int IMAGES = 32;

  @Param({"1", "2"})
  int threads;

  private Model model;
  /** A replica of the model (its parameters, its own activations) splitting its large layers over threads. */
  private Model latencyModel;
  private Dataset data;
  private Trainer trainer;
  private Evaluator evaluator;
  private int next;
  private int epoch;

  @Setup
  public void setUp() {
    data = Workloads.images("W3", IMAGES);
    model = Workloads.network("W3");
    latencyModel = model.replica().setIntraOpThreads(threads);
    evaluator = new Evaluator(model, threads);
    trainer = new Trainer(model, new RmsProp(0.001), new Trainer.Config(1, IMAGES, 42, threads));
  }

  @TearDown
  public void tearDown() {
    trainer.close();
    latencyModel.setIntraOpThreads(1);
  }

  /** Logits of the next of 32 images, the large layers split over {@code threads} threads, the caller's included. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public float[] latency() {
    int i = next;
    next = (i + 1) % IMAGES;
    return latencyModel.forward(data.images(), data.offset(i));
  }

  /** Forward passes of the 32 images split over {@code threads} kept micro-batches; the score is images per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IMAGES)
  public double batch() {
    return evaluator.evaluate(data, 1).loss();
  }

  /** One RMSprop step on a batch of 32; the score is images per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IMAGES)
  public double train() {
    epoch++;
    return trainer.runEpoch(data, epoch).loss();
  }
}
