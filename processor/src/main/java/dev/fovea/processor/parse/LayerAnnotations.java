package dev.fovea.processor.parse;

/** The qualified names of the annotations that are not layer kinds; each layer kind names its own (op.LayerKinds). */
public final class LayerAnnotations {
  public static final String NETWORK = "dev.fovea.annotations.Network";
  public static final String BLOCK = "dev.fovea.annotations.Block";
  public static final String USE = "dev.fovea.annotations.Use";

  private LayerAnnotations() {}

  public static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
