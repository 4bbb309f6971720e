package dev.fovea.api;

import java.util.List;

/**
 * How the processor names a network's generated class, the one place the rule lives: the annotated class's simple
 * name, after those of the classes enclosing it joined by {@code _}, then {@value #SUFFIX}, in its package.
 */
public final class GeneratedNames {
  /** What the generated class's name adds to the annotated class's. */
  public static final String SUFFIX = "Net";

  private GeneratedNames() {}

  /**
   * The generated class's simple name from the annotated class's simple names, outermost first: {@code LeNet5}
   * gives {@code LeNet5Net}, a nested {@code Outer.Inner} gives {@code Outer_InnerNet}.
   */
  public static String simpleName(List<String> enclosingThenOwn) {
    return String.join("_", enclosingThenOwn) + SUFFIX;
  }

  /** The generated class's binary name in {@code packageName} (empty for the unnamed package). */
  public static String binaryName(String packageName, List<String> enclosingThenOwn) {
    return (packageName.isEmpty() ? "" : packageName + ".") + simpleName(enclosingThenOwn);
  }

  /** The name a generated class's name was made from (the suffix taken off), or null when it has no suffix. */
  public static String annotatedName(String generatedName) {
    return generatedName.endsWith(SUFFIX) ? generatedName.substring(0, generatedName.length() - SUFFIX.length())
        : null;
  }
}
