package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.ClassFileMethods.ClassFile;
import dev.fovea.processor.testing.ClassFileMethods.Method;

/** The class-file and JIT limits an exported classifier must stay under, asserted on one parsed class. */
final class ClassLimits {
  /** HotSpot does not JIT-compile methods with more bytecode than this (-XX:HugeMethodLimit, default 8000). */
  static final int HUGE_METHOD_LIMIT = 8000;
  /** constant_pool_count is a u2: at most 65,535. */
  static final int CONSTANT_POOL_LIMIT = 65_535;
  /** A Utf8 constant (every string literal) holds at most 65,535 bytes. */
  static final int UTF8_LIMIT = 65_535;

  private ClassLimits() {}

  static void check(ClassFile file) {
    for (Method method : file.methods()) {
      assertTrue(method.codeLength() < HUGE_METHOD_LIMIT, () -> file.thisClass() + "." + method);
    }
    assertTrue(file.constantPoolCount() < CONSTANT_POOL_LIMIT,
        () -> file.thisClass() + ": " + file.constantPoolCount() + " constants");
    assertTrue(file.longestUtf8() <= UTF8_LIMIT, () -> file.thisClass() + ": a " + file.longestUtf8()
        + "-byte string constant");
  }
}
