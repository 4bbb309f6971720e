package dev.fovea.processor.model;

/** Zero padding as declared: SAME (resolved during shape inference) or explicit amounts per side. */
public record PaddingSpec(boolean same, int top, int bottom, int left, int right) {

  public static final PaddingSpec VALID = new PaddingSpec(false, 0, 0, 0, 0);
  public static final PaddingSpec SAME = new PaddingSpec(true, 0, 0, 0, 0);

  public static PaddingSpec explicit(int top, int bottom, int left, int right) {
    return new PaddingSpec(false, top, bottom, left, right);
  }

}
