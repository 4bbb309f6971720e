package dev.fovea.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FMA peak of this machine: independent register-resident FMA chains of the widest vector the JVM offers, on 1
 * and 2 threads, the yardstick of every figure's "share of the peak". The score counts vector FLOPs per second (two
 * per vector FMA, since the lane count is not a compile-time constant): GFLOP/s = score x {@link #lanes()} / 1e9.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBenchmark {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** FMA iterations per call: long enough that the call and the final sum cost nothing measurable. */
  static final int ROUNDS = 1 << 12;
  /**
   * Independent accumulators: an FMA has a latency of 4-5 cycles and two ports issue one each per cycle, so at
   * least 10 chains are in flight; 12 leave room for the two operands in the 16 registers of AVX2.
   */
  static final int CHAINS = 12;
  // Floats, not vectors: a vector from a field or parameter entering the loop's phis keeps C2 from eliminating the
  // boxes of the accumulators (measured: 4.7 MB allocated per call and 0.1 GFLOP/s instead of ~150).
  private float a;
  private float b;

  @Setup
  public void setUp() {
    // x <- x * a + b converges to b / (1 - a) = 1: values stay normal, so no denormal slow path is measured.
    a = 0.999f;
    b = 0.001f;
  }

  /** One thread's FMA chains. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(2 * ROUNDS * CHAINS)
  public float oneThread() {
    return chains();
  }

  /** Two threads, each with its own chains: JMH sums the two threads' rates. */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(2 * ROUNDS * CHAINS)
  public float twoThreads() {
    return chains();
  }

  /** Lanes per vector of the species measured. */
  public static int lanes() {
    return SPECIES.length();
  }

  private float chains() {
    FloatVector a = FloatVector.broadcast(SPECIES, this.a);
    FloatVector b = FloatVector.broadcast(SPECIES, this.b);
    FloatVector x0 = FloatVector.broadcast(SPECIES, 1f), x1 = FloatVector.broadcast(SPECIES, 2f);
    FloatVector x2 = FloatVector.broadcast(SPECIES, 3f), x3 = FloatVector.broadcast(SPECIES, 4f);
    FloatVector x4 = FloatVector.broadcast(SPECIES, 5f), x5 = FloatVector.broadcast(SPECIES, 6f);
    FloatVector x6 = FloatVector.broadcast(SPECIES, 7f), x7 = FloatVector.broadcast(SPECIES, 8f);
    FloatVector x8 = FloatVector.broadcast(SPECIES, 9f), x9 = FloatVector.broadcast(SPECIES, 10f);
    FloatVector x10 = FloatVector.broadcast(SPECIES, 11f), x11 = FloatVector.broadcast(SPECIES, 12f);
    for (int i = 0; i < ROUNDS; i++) {
      x0 = x0.fma(a, b);
      x1 = x1.fma(a, b);
      x2 = x2.fma(a, b);
      x3 = x3.fma(a, b);
      x4 = x4.fma(a, b);
      x5 = x5.fma(a, b);
      x6 = x6.fma(a, b);
      x7 = x7.fma(a, b);
      x8 = x8.fma(a, b);
      x9 = x9.fma(a, b);
      x10 = x10.fma(a, b);
      x11 = x11.fma(a, b);
    }
    FloatVector s = x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11);
    return s.lane(0);
  }
}
