package dev.fovea.processor.write;

import com.palantir.javapoet.TypeSpec;

/**
 * Generated code writes every java.lang name qualified: a user's class named Math, System or String in the
 * network's package would otherwise capture the simple name and break the generated class.
 */
public final class JavaNames {
  /** The java.lang types generated code names through JavaPoet's {@code $T}, written qualified. */
  private static final String[] JAVA_LANG = {"Boolean", "Byte", "Character", "Class", "Double", "Float",
      "IllegalArgumentException", "IllegalStateException", "Integer", "Long", "Math", "Object", "Override",
      "Short", "String", "StringBuilder", "System", "Thread", "ThreadLocal"};

  private JavaNames() {}

  /** Makes JavaPoet write the java.lang types of this class and its nested classes with their package. */
  public static TypeSpec.Builder qualifyJavaLang(TypeSpec.Builder type) {
    return type.alwaysQualify(JAVA_LANG);
  }
}
