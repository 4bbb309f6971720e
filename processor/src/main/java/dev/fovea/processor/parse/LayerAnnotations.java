package dev.fovea.processor.parse;

/** The qualified name of {@code @Network}; each layer kind names its own annotation (op.LayerKinds). */
public final class LayerAnnotations {
  public static final String NETWORK = "dev.fovea.annotations.Network";

  private LayerAnnotations() {}

  public static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
