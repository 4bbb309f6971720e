package dev.fovea.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/**
 * The scalar type of generated arithmetic. Users get FLOAT; tests also generate DOUBLE so finite-difference
 * gradient checks run in double precision on the very code the emitter writes.
 */
public enum Precision {
  FLOAT("float", "f", "(float) "),
  DOUBLE("double", ".0", "");

  private final String keyword;
  private final String literalSuffix;
  private final String narrowing;

  Precision(String keyword, String literalSuffix, String narrowing) {
    this.keyword = keyword;
    this.literalSuffix = literalSuffix;
    this.narrowing = narrowing;
  }

  public TypeName type() {
    return this == FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
  }

  public ArrayTypeName arrayType() {
    return ArrayTypeName.of(type());
  }

  /** A literal of this type, e.g. {@code 0f} or {@code 0.0}. */
  public String literal(int value) {
    return value + literalSuffix;
  }

  /** The cast that narrows a double expression to this type: {@code (float) } or nothing. */
  public String narrow() {
    return narrowing;
  }

  /** A literal of this type for a real number: its nearest float ({@code 0.1f}) or double ({@code 0.1}). */
  public String number(double value) {
    return this == FLOAT ? Float.toString((float) value) + "f" : Double.toString(value);
  }
}
