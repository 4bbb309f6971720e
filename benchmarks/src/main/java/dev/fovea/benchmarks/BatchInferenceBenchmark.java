package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluator;
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
import org.openjdk.jmh.annotations.Warmup;

/** Batch inference throughput in images/s: an Evaluator (its micro-batches kept, like ONNX Runtime's tensors) over 1,024 images on 2 threads. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchInferenceBenchmark {

  static final int IMAGES = 1024;

  @Param({"W1", "W2"})
  String network;

  @Param({"2"})
  int threads;

  private Evaluator evaluator;
  private Dataset data;

  @Setup
  public void setUp() {
    data = Workloads.firstTrainingImages(IMAGES);
    evaluator = new Evaluator(Workloads.network(network), threads);
  }

  /** Forward passes of 1,024 images, split over {@code threads} replicas. */
  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public double evaluate() {
    return evaluator.evaluate(data, 1).loss();
  }
}
