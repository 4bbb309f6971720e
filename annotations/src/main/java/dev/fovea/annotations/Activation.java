package dev.fovea.annotations;

/**
 * The function a layer applies to its output.
 *
 * <p>{@link #SOFTMAX} is allowed only on the last layer; in training it fuses with the
 * cross-entropy loss, so the network's raw output stays the logits.
 */
public enum Activation {
  LINEAR,
  RELU,
  SIGMOID,
  TANH,
  SOFTMAX
}
