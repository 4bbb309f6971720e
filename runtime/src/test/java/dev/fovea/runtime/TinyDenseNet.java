package dev.fovea.runtime;

import dev.fovea.api.NetworkInfo;

/** Hand-written class following the generated-network contract: 1x2x2 input, dense 3 with softmax. */
public final class TinyDenseNet extends OneStageNet {
  public static final int INPUT_CHANNELS = 1;
  public static final int INPUT_HEIGHT = 2;
  public static final int INPUT_WIDTH = 2;
  public static final int INPUT_SIZE = 4;
  public static final int OUTPUT_SIZE = 3;
  public static final int PARAMETER_COUNT = 15;

  private static final int BIAS = 12;

  private final float[] parameters;
  private final float[] gradients = new float[PARAMETER_COUNT];
  private final float[] input = new float[INPUT_SIZE];
  private final float[] output = new float[OUTPUT_SIZE];

  public TinyDenseNet() {
    this(new float[PARAMETER_COUNT]);
  }

  public TinyDenseNet(float[] parameters) {
    if (parameters.length != PARAMETER_COUNT) {
      // As a generated class's constructor says it.
      throw new IllegalArgumentException("TinyDenseNet needs " + PARAMETER_COUNT + " parameters, got "
          + parameters.length);
    }
    this.parameters = parameters;
  }

  public float[] parameters() {
    return parameters;
  }

  public float[] gradients() {
    return gradients;
  }

  @Override
  public float[] forward(float[] in, int offset) {
    System.arraycopy(in, offset, input, 0, INPUT_SIZE);
    for (int o = 0; o < OUTPUT_SIZE; o++) {
      float sum = parameters[BIAS + o];
      for (int i = 0; i < INPUT_SIZE; i++) {
        sum += parameters[o * INPUT_SIZE + i] * input[i];
      }
      output[o] = sum;
    }
    return output;
  }

  @Override
  public void backward(float[] outputGradient) {
    for (int o = 0; o < OUTPUT_SIZE; o++) {
      float d = outputGradient[o];
      for (int i = 0; i < INPUT_SIZE; i++) {
        gradients[o * INPUT_SIZE + i] += d * input[i];
      }
      gradients[BIAS + o] += d;
    }
  }

  public void zeroGradients() {
    java.util.Arrays.fill(gradients, 0f);
  }

  public TinyDenseNet replica() {
    return new TinyDenseNet(parameters);
  }

  public static String outputActivation() {
    return "SOFTMAX";
  }

  public static String networkName() {
    return "TinyDense";
  }

  public static String[] labels() {
    return new String[0];
  }

  public static String[] parameterNames() {
    return new String[] {"fc.weight", "fc.bias"};
  }

  public static int[][] parameterShapes() {
    return new int[][] {{3, 4}, {3}};
  }

  public static int[] parameterOffsets() {
    return new int[] {0, 12};
  }

  public static int[] parameterFanIn() {
    return new int[] {4, 4};
  }

  public static int[] parameterFanOut() {
    return new int[] {3, 3};
  }

  public static String[] parameterInit() {
    return new String[] {"glorot_uniform", "zeros"};
  }

  public static String summary() {
    return "TinyDense\n  fc  Dense(3, softmax)  1x2x2 -> 3  15 parameters\n";
  }

  // One training stage (no batch norm): training is forward then backward.
  public static final int STAGES = 1;
  public static final int SUMS_SIZE = 0;

  public TinyDenseNet sibling() {
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
