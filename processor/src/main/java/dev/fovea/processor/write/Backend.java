package dev.fovea.processor.write;

/**
 * Which arithmetic a generated class uses. PORTABLE is plain Java that C2 auto-vectorises on any JDK 17+;
 * VECTOR uses jdk.incubator.vector in a class of its own (the generated name plus {@value #VECTOR_SUFFIX}), so
 * code that only loads the portable class never needs the incubator module.
 */
public enum Backend {
  PORTABLE,
  VECTOR;

  /** Appended to the generated class name for the Vector API backend: {@code LeNet5Net} -> {@code LeNet5NetVector}. */
  public static final String VECTOR_SUFFIX = "Vector";

  /** The simple name of this backend's class for a network whose portable class is {@code generated}. */
  public String className(String generated) {
    return this == VECTOR ? generated + VECTOR_SUFFIX : generated;
  }
}
