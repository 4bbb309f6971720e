package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
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
 * ONNX Runtime for Java on the same workloads and weights as Fovea: batch-1 latency on one intra-op thread and on
 * two, and batch-64 throughput on two, tensors allocated once. Needs {@code -Dfovea.onnx=DIR} (see {@link OnnxPeer}).
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnnxBenchmark {

  static final int IMAGES = 1024;
  static final int BATCH = 64;

  /** One session per benchmark, checked against Fovea's logits before it is timed. */
  @State(Scope.Thread)
  public static class Session {
    @Param({"W1", "W2", "W3"})
    String network;

    OnnxPeer peer;
    float[] images;
    int count;
    int next;

    void open(int batch, int threads) {
      // W3's 64 random 3x224x224 images take 38 MB; 1,024 would take 616.
      count = network.equals("W3") ? BATCH : IMAGES;
      Dataset data = Workloads.images(network, count);
      images = data.images();
      peer = new OnnxPeer(network, batch, threads);
      double difference = peer.check(network, data);
      System.out.printf("%n%s: ONNX Runtime matches Fovea on %d image(s) (largest logit difference %.2g of the"
          + " largest logit)%n", network, Math.min(batch, OnnxPeer.CHECKED), difference);
    }

    @TearDown
    public void close() {
      peer.close();
    }
  }

  /** Batch 1, one intra-op thread. */
  public static class Latency extends Session {
    @Setup
    public void setUp() {
      open(1, 1);
    }
  }

  /** Batch 1, two intra-op threads. */
  public static class Latency2 extends Session {
    @Setup
    public void setUp() {
      open(1, 2);
    }
  }

  /** Batch 64, two intra-op threads. */
  public static class Batch extends Session {
    @Setup
    public void setUp() {
      open(BATCH, 2);
    }
  }

  /** Logits of the next image (a different image each call, as Fovea's latency benchmark does). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float latency(Latency s) {
    return one(s);
  }

  /** As {@link #latency}, on two intra-op threads: beside Fovea's batch-1 latency with two intra-op threads. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float latency2(Latency2 s) {
    return one(s);
  }

  private static float one(Session s) {
    int i = s.next;
    s.next = (i + 1) % s.count;
    s.peer.load(s.images, i);
    s.peer.run();
    return s.peer.logits().get(0);
  }

  /** One batch of 64 of the images, in turn; the score is images per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public float batch(Batch s) {
    int i = s.next;
    s.next = (i + BATCH) % s.count;
    s.peer.load(s.images, i);
    s.peer.run();
    return s.peer.logits().get(0);
  }
}
