package dev.fovea.runtime;

import dev.fovea.api.GeneratedNames;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/** Picks a network's Vector API class over its portable one, as {@link Model#BACKEND_PROPERTY} says. */
final class VectorBackend {
  /** The suffix of the Vector API backend's class name, as the processor writes it. */
  private static final String SUFFIX = "Vector";

  private static final String MODULE = "jdk.incubator.vector";

  /** {@code auto} keeps the portable class on machines whose vectors hold fewer floats (x86 without AVX). */
  private static final int MIN_LANES = 8;

  private VectorBackend() {}

  /** The class to bind for a network's portable generated class: its vector sibling, or itself. */
  static Class<?> choose(Class<?> portable) {
    Class<?> vector = vectorClass(portable.getName(), portable.getClassLoader());
    return vector != null ? vector : portable;
  }

  /** Whether a generated class is a vector backend's. */
  static boolean isVector(Class<?> generated) {
    return generated.getSimpleName().endsWith(GeneratedNames.SUFFIX + SUFFIX);
  }

  /** The Vector API class for a network, or null when the portable one is to be used. */
  private static Class<?> vectorClass(String generated, ClassLoader loader) {
    String wanted = System.getProperty(Model.BACKEND_PROPERTY, "auto");
    if (!Set.of("auto", "portable", "vector").contains(wanted)) {
      throw new IllegalArgumentException(
          "-D" + Model.BACKEND_PROPERTY + "=" + wanted + " is not a backend: use auto, portable or vector");
    }
    boolean insist = wanted.equals("vector");
    if (wanted.equals("portable")) {
      return null;
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      if (insist) {
        throw new IllegalArgumentException(
            "-D" + Model.BACKEND_PROPERTY + "=vector needs the JVM option --add-modules " + MODULE);
      }
      return null;
    }
    Class<?> vector;
    try {
      vector = Class.forName(generated + SUFFIX, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      if (insist) {
        throw new IllegalArgumentException("no usable class " + generated + SUFFIX + " (" + e
            + "): compile with --add-modules " + MODULE + " so the processor writes the vector backend", e);
      }
      return null;
    }
    // With 128-bit vectors (x86 without AVX) the vector class measured 4x slower than the portable one.
    int lanes = vectorLanes(vector);
    if (!insist && lanes > 0 && lanes < MIN_LANES) {
      return null;
    }
    return vector;
  }

  /** The generated vector class's lanes per float vector on this machine, 0 when it cannot say (an older class). */
  private static int vectorLanes(Class<?> vector) {
    try {
      return (int) MethodHandles.publicLookup()
          .findStatic(vector, "vectorLanes", MethodType.methodType(int.class)).invokeExact();
    } catch (Throwable t) {
      return 0;
    }
  }
}
