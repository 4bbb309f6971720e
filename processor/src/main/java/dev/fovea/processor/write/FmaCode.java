package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;

/**
 * Every multiply-add of generated code, on both backends, and the check at class initialisation that picks it
 * fused ({@code Math.fma}, {@code Vector.fma}) or not: without an FMA unit (or under {@code -XX:UseAVX=0} or
 * {@code -XX:-UseFMA}) HotSpot runs fma in software, through BigDecimal, 100x+ slower than a multiply and an add.
 */
public final class FmaCode {
  /** The system property that overrides the generated classes' detection of hardware FMA: true or false. */
  public static final String PROPERTY = "fovea.fma";

  /** The static final every generated class reads; C2 folds it, so the branch not taken costs nothing. */
  static final String FIELD = "FMA";

  /**
   * Probe verdict "hardware": fma at most this many times slower than a multiply and an add. Measured at class
   * initialisation here: 0.7-2.4x with an FMA unit (interpreted, -Xint, -Xcomp), 130-2,900x in software.
   */
  static final int SLOWER = 8;

  /** Probe rounds at most; the fastest round of each loop counts, so one preemption does not decide. */
  static final int ROUNDS = 5;

  /** Multiply-adds per probe loop. */
  static final int STEPS = 64;

  /**
   * Slack in nanoseconds for coarse clocks and loops the JIT folds away (-Xcomp): far below the 130 us that 64
   * software fma calls took here even compiled.
   */
  static final int SLACK_NANOS = 1000;

  private FmaCode() {}

  /**
   * {@code a * b + c} for scalars: {@code Math.fma} where the hardware fuses, else a multiply and an add, which
   * rounds once more. The arguments must be primary expressions (names, array elements): they are not bracketed.
   */
  static CodeBlock scalar(Object a, Object b, Object c) {
    return CodeBlock.of("($L ? java.lang.Math.fma($L, $L, $L) : $L * $L + $L)", FIELD, a, b, c, a, b, c);
  }

  /** {@code acc + x * y} for vectors of the Vector API, fused where the hardware fuses, as {@link #scalar}. */
  static CodeBlock vector(Object x, Object y, Object acc) {
    return CodeBlock.of("($L ? $L.fma($L, $L) : $L.mul($L).add($L))", FIELD, x, y, acc, x, y, acc);
  }

  /** {@code FMA}: whether fused multiply-adds run in hardware, decided once when the class initialises. */
  static FieldSpec field() {
    return FieldSpec.builder(TypeName.BOOLEAN, FIELD, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Whether fused multiply-adds run in hardware (in software they are 100x+ slower).\n")
        .initializer("hardwareFma()")
        .build();
  }

  /**
   * The initialiser of {@code FMA}. A timing probe first (tens of microseconds): fma about as fast as a multiply
   * and an add can only be hardware. A slow reading, which a preempted probe could also give, asks HotSpot's
   * {@code UseFMA} (off without an FMA unit and under {@code -XX:UseAVX=0}), by reflection so that the class
   * needs no module beyond java.base; that loads the management classes (about 20 ms), so only machines that
   * look slow pay it. No such flag (another JVM, no java.management): the probe decides. {@code -Dfovea.fma}
   * true or false decides instead of both, for the tests of the multiply-add path and for JVMs that misreport.
   */
  static MethodSpec detection() {
    // java.lang names qualified: a user's package may declare its own System, Math or Class.
    return MethodSpec.methodBuilder("hardwareFma")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Whether fused multiply-adds run in hardware: a timing probe, HotSpot's UseFMA when it looks"
            + " slow.\n")
        .returns(boolean.class)
        .addStatement("final java.lang.String forced = java.lang.System.getProperty($S)", PROPERTY)
        .beginControlFlow("if (forced != null)")
        .addStatement("return !forced.equals(\"false\")")
        .endControlFlow()
        .addStatement("long fused = java.lang.Long.MAX_VALUE")
        .addStatement("long separate = java.lang.Long.MAX_VALUE")
        .addStatement("float s = 0f")
        .beginControlFlow("for (int round = 0; round < $L; round++)", ROUNDS)
        .addStatement("final long start = java.lang.System.nanoTime()")
        .beginControlFlow("for (int i = 0; i < $L; i++)", STEPS)
        .addStatement("s = java.lang.Math.fma(0.75f, s, i)")
        .endControlFlow()
        .addStatement("final long middle = java.lang.System.nanoTime()")
        .beginControlFlow("for (int i = 0; i < $L; i++)", STEPS)
        .addStatement("s = 0.75f * s + i")
        .endControlFlow()
        .addStatement("final long end = java.lang.System.nanoTime()")
        .addStatement("fused = java.lang.Math.min(fused, middle - start)")
        .addStatement("separate = java.lang.Math.min(separate, end - middle)")
        .addCode("// Reading s keeps both loops alive if the JIT compiles this method.\n")
        .beginControlFlow("if (fused <= $L * separate + $L && s > 0)", SLOWER, SLACK_NANOS)
        .addStatement("return true")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("try")
        .addStatement("final java.lang.Class<?> bean = java.lang.Class.forName("
            + "\"com.sun.management.HotSpotDiagnosticMXBean\")")
        .addStatement("final java.lang.Object diagnostic = java.lang.Class.forName("
            + "\"java.lang.management.ManagementFactory\")"
            + ".getMethod(\"getPlatformMXBean\", java.lang.Class.class).invoke(null, bean)")
        .addStatement("final java.lang.Object option = bean.getMethod(\"getVMOption\", java.lang.String.class)"
            + ".invoke(diagnostic, \"UseFMA\")")
        .addStatement("return !\"false\".equals(java.lang.Class.forName(\"com.sun.management.VMOption\")"
            + ".getMethod(\"getValue\").invoke(option))")
        .nextControlFlow("catch (java.lang.ReflectiveOperationException | java.lang.RuntimeException"
            + " | java.lang.LinkageError e)")
        .addStatement("return false")
        .endControlFlow()
        .build();
  }
}
