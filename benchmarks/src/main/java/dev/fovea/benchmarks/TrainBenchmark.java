package dev.fovea.benchmarks;

import dev.fovea.runtime.Dataset;
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

/** Training throughput in images/s: batch 64, RMSprop(0.001), softmax cross-entropy, 1,024 images per op. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainBenchmark {

  static final int IMAGES = 1024;
  // 19 different 1,024-image blocks, used in turn, so that the net never overfits one block (20,000 in the slice).
  static final int BLOCKS = 19;

  @Param({"W1", "W2"})
  String network;

  @Param({"1", "2"})
  int threads;

  private Dataset[] blocks;
  private Trainer trainer;
  private int epoch;

  @Setup
  public void setUp() {
    Dataset all = Workloads.firstTrainingImages(IMAGES * BLOCKS);
    blocks = new Dataset[BLOCKS];
    for (int b = 0; b < BLOCKS; b++) {
      blocks[b] = all.slice(b * IMAGES, (b + 1) * IMAGES);
    }
    Model model = Workloads.network(network);
    trainer = new Trainer(model, new RmsProp(0.001), new Trainer.Config(1, 64, 42, threads));
  }

  @TearDown
  public void tearDown() {
    trainer.close();
  }

  /** One epoch over the next 1,024-image block: 16 steps of 64. */
  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public double train() {
    epoch++;
    return trainer.runEpoch(blocks[epoch % BLOCKS], epoch).loss();
  }
}
