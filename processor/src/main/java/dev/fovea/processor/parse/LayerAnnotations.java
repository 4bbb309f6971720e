package dev.fovea.processor.parse;

import java.util.List;

/** The qualified names of the annotations the processor reads. */
public final class LayerAnnotations {
  public static final String NETWORK = "dev.fovea.annotations.Network";
  public static final String CONV_2D = "dev.fovea.annotations.Conv2D";
  public static final String MAX_POOL_2D = "dev.fovea.annotations.MaxPool2D";
  public static final String AVG_POOL_2D = "dev.fovea.annotations.AvgPool2D";
  public static final String DENSE = "dev.fovea.annotations.Dense";

  /** Every annotation that declares a layer. */
  public static final List<String> LAYERS = List.of(CONV_2D, MAX_POOL_2D, AVG_POOL_2D, DENSE);

  private LayerAnnotations() {}

  public static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
