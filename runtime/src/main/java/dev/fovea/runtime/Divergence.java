package dev.fovea.runtime;

/** The one message that stops a diverging training run: where it happened, which layer, and what to try. */
final class Divergence {

  /** How every divergence message starts, e.g. {@code training diverged at epoch 2, batch 17: ...}. */
  static final String PREFIX = "training diverged at epoch ";

  private Divergence() {}

  /** A non-finite loss or batch gradient, found before the step (the weights are still the last finite ones). */
  static String beforeStep(Model model, Optimizer optimizer, float[] gradient, double loss, int epoch, int batch) {
    String tensor = firstNonFinite(model, gradient);
    String where = tensor == null
        ? "every gradient is finite"
        : "the first non-finite gradient, going back from the output, is layer " + layer(tensor) + " (" + tensor + ")";
    return PREFIX + epoch + ", batch " + batch + ": loss " + loss + ", " + where + "; " + advice(optimizer);
  }

  /** Finite gradients whose update made a parameter non-finite. */
  static String afterStep(Model model, Optimizer optimizer, int epoch, int batch) {
    String tensor = firstNonFinite(model, model.parameters());
    return PREFIX + epoch + ", batch " + batch + ": the update made the parameters of layer " + layer(tensor)
        + " (" + tensor + ") non-finite; " + advice(optimizer);
  }

  private static String advice(Optimizer optimizer) {
    float rate = optimizer.learningRate();
    return Float.isNaN(rate) ? "lower the learning rate" : "the learning rate (" + rate + ") may be too high";
  }

  // Backward runs from the output to the input, so the last tensor in model order with a non-finite value
  // is where the backward pass first produced one.
  private static String firstNonFinite(Model model, float[] values) {
    var specs = model.parameterSpecs();
    for (int s = specs.size() - 1; s >= 0; s--) {
      ParameterSpec p = specs.get(s);
      for (int i = p.offset(), end = p.offset() + p.length(); i < end; i++) {
        if (!Float.isFinite(values[i])) {
          return p.name();
        }
      }
    }
    return null;
  }

  private static String layer(String tensor) {
    if (tensor == null) {
      return "?";
    }
    int dot = tensor.lastIndexOf('.');
    return dot < 0 ? tensor : tensor.substring(0, dot);
  }
}
