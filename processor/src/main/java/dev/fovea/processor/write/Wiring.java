package dev.fovea.processor.write;

/**
 * The buffers one layer reads and writes.
 *
 * @param source the layer's input activations
 * @param sourceGrad where the layer writes dLoss/dInput, or null for the first layer, which needs none
 * @param out the layer's output activations
 * @param grad dLoss/dOutput, filled by the next layer (or the caller) before this layer's backward pass
 */
public record Wiring(String source, String sourceGrad, String out, String grad) {

  public boolean needsInputGradient() {
    return sourceGrad != null;
  }
}
