package dev.fovea.runtime;

import dev.fovea.api.NetworkInfo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** {@link TinyDenseNet} whose forward pass is slow and throws on a sample starting with a negative value. */
public final class PoisonNet extends OneStageNet {
  public static final int INPUT_CHANNELS = TinyDenseNet.INPUT_CHANNELS;
  public static final int INPUT_HEIGHT = TinyDenseNet.INPUT_HEIGHT;
  public static final int INPUT_WIDTH = TinyDenseNet.INPUT_WIDTH;
  public static final int INPUT_SIZE = TinyDenseNet.INPUT_SIZE;
  public static final int OUTPUT_SIZE = TinyDenseNet.OUTPUT_SIZE;
  public static final int PARAMETER_COUNT = TinyDenseNet.PARAMETER_COUNT;

  /** Forward and backward calls in progress, over all instances and threads. */
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();

  private final TinyDenseNet net;

  public PoisonNet() {
    this(new float[PARAMETER_COUNT]);
  }

  public PoisonNet(float[] parameters) {
    net = new TinyDenseNet(parameters);
  }

  public float[] parameters() {
    return net.parameters();
  }

  public float[] gradients() {
    return net.gradients();
  }

  @Override
  public float[] forward(float[] in, int offset) {
    IN_FLIGHT.incrementAndGet();
    try {
      if (in[offset] < 0) {
        throw new IllegalArgumentException("poisoned sample");
      }
      // Slow enough that other threads are mid-shard when one of them meets the poison.
      LockSupport.parkNanos(100_000);
      return net.forward(in, offset);
    } finally {
      IN_FLIGHT.decrementAndGet();
    }
  }

  @Override
  public void backward(float[] outputGradient) {
    IN_FLIGHT.incrementAndGet();
    try {
      net.backward(outputGradient);
    } finally {
      IN_FLIGHT.decrementAndGet();
    }
  }

  public void zeroGradients() {
    net.zeroGradients();
  }

  public PoisonNet replica() {
    return new PoisonNet(net.parameters());
  }

  public static String outputActivation() {
    return TinyDenseNet.outputActivation();
  }

  public static String networkName() {
    return "Poison";
  }

  public static String[] labels() {
    return TinyDenseNet.labels();
  }

  public static String[] parameterNames() {
    return TinyDenseNet.parameterNames();
  }

  public static int[][] parameterShapes() {
    return TinyDenseNet.parameterShapes();
  }

  public static int[] parameterOffsets() {
    return TinyDenseNet.parameterOffsets();
  }

  public static int[] parameterFanIn() {
    return TinyDenseNet.parameterFanIn();
  }

  public static int[] parameterFanOut() {
    return TinyDenseNet.parameterFanOut();
  }

  public static String[] parameterInit() {
    return TinyDenseNet.parameterInit();
  }

  public static String summary() {
    return "Poison\n";
  }

  // One training stage (no batch norm): training is forward then backward.
  public static final int STAGES = 1;
  public static final int SUMS_SIZE = 0;

  public PoisonNet sibling() {
    throw new UnsupportedOperationException("one stage: training needs no siblings");
  }

  private static final NetworkInfo INFO = new NetworkInfo(networkName(), INPUT_CHANNELS, INPUT_HEIGHT, INPUT_WIDTH,
      OUTPUT_SIZE, PARAMETER_COUNT, outputActivation(), STAGES, SUMS_SIZE, labels(), parameterNames(),
      parameterShapes(), parameterOffsets(), parameterFanIn(), parameterFanOut(), parameterInit(), summary());

  @Override
  public NetworkInfo info() {
    return INFO;
  }
}
