package dev.fovea.api;

/**
 * A generated network's static description, as its class's constants and static methods give it; the arrays are
 * the network's own, so callers copy what they keep.
 *
 * @param name the annotated class's name, e.g. {@code LeNet5}
 * @param outputActivation LINEAR, RELU, SIGMOID, TANH or SOFTMAX; for SOFTMAX forward returns logits
 * @param stages training stages, one more than the batch norms
 * @param sumsSize values one sample's batch-norm sums take, at most; 0 without batch norm
 * @param labels one per output, or none when the network declares none
 * @param parameterNames PyTorch state_dict names, in the flat array's order
 * @param parameterInit each parameter's initialiser ({@code he_uniform}, {@code zeros}, {@code buffer:ones}...)
 */
public record NetworkInfo(
    String name,
    int inputChannels,
    int inputHeight,
    int inputWidth,
    int outputSize,
    int parameterCount,
    String outputActivation,
    int stages,
    int sumsSize,
    String[] labels,
    String[] parameterNames,
    int[][] parameterShapes,
    int[] parameterOffsets,
    int[] parameterFanIn,
    int[] parameterFanOut,
    String[] parameterInit,
    String summary) {

  /** Floats per input sample: channels x height x width. */
  public int inputSize() {
    return inputChannels * inputHeight * inputWidth;
  }
}
