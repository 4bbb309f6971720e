package dev.fovea.runtime;

import dev.fovea.api.NetworkInfo;

/** Contract-following 4 -> 6 (ReLU) -> 3 network with labels, to exercise a non-linear backward pass. */
public final class TinyMlpNet extends OneStageNet {
  public static final int INPUT_CHANNELS = 1;
  public static final int INPUT_HEIGHT = 1;
  public static final int INPUT_WIDTH = 4;
  public static final int INPUT_SIZE = 4;
  public static final int OUTPUT_SIZE = 3;
  public static final int PARAMETER_COUNT = 6 * 4 + 6 + 3 * 6 + 3;

  private static final int H = 6;
  private static final int W1 = 0;
  private static final int B1 = 24;
  private static final int W2 = 30;
  private static final int B2 = 48;

  private final float[] p;
  private final float[] g = new float[PARAMETER_COUNT];
  private final float[] x = new float[INPUT_SIZE];
  private final float[] h = new float[H];
  private final float[] out = new float[OUTPUT_SIZE];

  public TinyMlpNet() {
    this(new float[PARAMETER_COUNT]);
  }

  public TinyMlpNet(float[] parameters) {
    p = parameters;
  }

  public float[] parameters() {
    return p;
  }

  public float[] gradients() {
    return g;
  }

  @Override
  public float[] forward(float[] in, int offset) {
    System.arraycopy(in, offset, x, 0, INPUT_SIZE);
    for (int j = 0; j < H; j++) {
      float s = p[B1 + j];
      for (int i = 0; i < INPUT_SIZE; i++) {
        s += p[W1 + j * INPUT_SIZE + i] * x[i];
      }
      h[j] = Math.max(0f, s);
    }
    for (int o = 0; o < OUTPUT_SIZE; o++) {
      float s = p[B2 + o];
      for (int j = 0; j < H; j++) {
        s += p[W2 + o * H + j] * h[j];
      }
      out[o] = s;
    }
    return out;
  }

  @Override
  public void backward(float[] d) {
    for (int j = 0; j < H; j++) {
      float dh = 0;
      for (int o = 0; o < OUTPUT_SIZE; o++) {
        g[W2 + o * H + j] += d[o] * h[j];
        dh += d[o] * p[W2 + o * H + j];
      }
      if (h[j] > 0) {
        for (int i = 0; i < INPUT_SIZE; i++) {
          g[W1 + j * INPUT_SIZE + i] += dh * x[i];
        }
        g[B1 + j] += dh;
      }
    }
    for (int o = 0; o < OUTPUT_SIZE; o++) {
      g[B2 + o] += d[o];
    }
  }

  public void zeroGradients() {
    java.util.Arrays.fill(g, 0f);
  }

  public TinyMlpNet replica() {
    return new TinyMlpNet(p);
  }

  public static String outputActivation() {
    return "SOFTMAX";
  }

  public static String networkName() {
    return "TinyMlp";
  }

  public static String[] labels() {
    return new String[] {"left", "middle", "right"};
  }

  public static String[] parameterNames() {
    return new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
  }

  public static int[][] parameterShapes() {
    return new int[][] {{6, 4}, {6}, {3, 6}, {3}};
  }

  public static int[] parameterOffsets() {
    return new int[] {W1, B1, W2, B2};
  }

  public static int[] parameterFanIn() {
    return new int[] {4, 4, 6, 6};
  }

  public static int[] parameterFanOut() {
    return new int[] {6, 6, 3, 3};
  }

  public static String[] parameterInit() {
    return new String[] {"he_uniform", "zeros", "glorot_uniform", "zeros"};
  }

  public static String summary() {
    return "TinyMlp\n";
  }

  // One training stage (no batch norm): training is forward then backward.
  public static final int STAGES = 1;
  public static final int SUMS_SIZE = 0;

  public TinyMlpNet sibling() {
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
