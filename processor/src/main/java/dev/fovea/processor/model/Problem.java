package dev.fovea.processor.model;

/**
 * A mistake found in a declared network.
 *
 * @param layer index of the offending layer, or -1 for the network as a whole
 * @param attribute the annotation attribute at fault ("kernel", "strides"...), or "" for the annotation
 */
public record Problem(int layer, String attribute, boolean warning, String message) {

  public static Problem error(int layer, String attribute, String message) {
    return new Problem(layer, attribute, false, message);
  }

  public static Problem warning(int layer, String attribute, String message) {
    return new Problem(layer, attribute, true, message);
  }
}
