package dev.fovea.spark;

import dev.fovea.runtime.Model;

/** Finds generated network classes by name on a driver or an executor, where user jars live in the task loader. */
final class Networks {

  private Networks() {}

  /**
   * The portable generated class for {@code name}: a {@code @Network} class ({@code LeNet5}) or its generated
   * class ({@code LeNet5Net}, or its Vector sibling {@code LeNet5NetVector}), as a fully qualified name.
   */
  static String generatedName(String name) {
    Class<?> type = load(name);
    if (type.getName().endsWith("NetVector")) {
      return type.getName().substring(0, type.getName().length() - "Vector".length());
    }
    try {
      // A generated class binds; a user's @Network class does not, and names its generated one instead.
      return Model.of(type).generatedClass().getName();
    } catch (IllegalArgumentException notGenerated) {
      return Model.forNetwork(type).generatedClass().getName().replaceFirst("Vector$", "");
    }
  }

  /** The class {@code name} from the thread's context loader (an executor's user jars) or this module's. */
  static Class<?> load(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Networks.class.getClassLoader();
    }
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no class " + name + " on this JVM's class path: is the jar with the "
          + "network (and its generated classes) passed to spark-submit with --jars or as the application jar?", e);
    }
  }

  /** A model of the backend this JVM picks (see {@link Model#BACKEND_PROPERTY}) sharing {@code weights}. */
  static Model bind(String portableClass, float[] weights) {
    Class<?> chosen = Model.forGenerated(load(portableClass)).generatedClass();
    return Model.of(chosen, weights);
  }

  /** A model of exactly {@code generatedClass} sharing {@code weights}: training needs one backend everywhere. */
  static Model bindExactly(String generatedClass, float[] weights) {
    return Model.of(load(generatedClass), weights);
  }
}
