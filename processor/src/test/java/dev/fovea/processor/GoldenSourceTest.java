package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.LeNet5Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Compares the processor's LeNet5Net with a checked-in golden copy; -Dfovea.updateGolden=true rewrites it. */
class GoldenSourceTest {
  static final String UPDATE_PROPERTY = "fovea.updateGolden";

  static final String LENET5 = LeNet5Source.PLAIN;

  static JavaFileObject leNet5() {
    return JavaFileObjects.forSourceString("demo.LeNet5", LENET5);
  }

  /** The golden file in the source tree, found from the module directory surefire runs in. */
  private static Path golden() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(basedir, "src", "test", "resources", "golden", "LeNet5Net.java.txt");
  }

  @Test
  void leNet5MatchesGoldenSource() throws IOException {
    Compilation compilation = Generated.compileAnnotated(leNet5());
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    String actual = normalize(compilation.generatedSourceFile("demo.LeNet5Net")
        .orElseThrow(() -> new AssertionError("demo.LeNet5Net was not generated"))
        .getCharContent(true).toString());
    Path golden = golden();
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      System.out.println("Rewrote golden file " + golden.toAbsolutePath());
      return;
    }
    String howToUpdate = "If the change is intended, review it and run: mvn -pl processor test "
        + "-Dtest=GoldenSourceTest -D" + UPDATE_PROPERTY + "=true";
    assertTrue(Files.isRegularFile(golden), () -> "missing golden file " + golden.toAbsolutePath() + ". "
        + howToUpdate);
    String expected = normalize(Files.readString(golden, StandardCharsets.UTF_8));
    if (!expected.equals(actual)) {
      fail("generated demo.LeNet5Net differs from " + golden.toAbsolutePath() + " " + firstDifference(expected, actual)
          + "\n" + howToUpdate);
    }
  }

  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }

  private static String firstDifference(String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] got = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, got.length); i++) {
      String w = i < want.length ? want[i] : "<end of file>";
      String g = i < got.length ? got[i] : "<end of file>";
      if (!w.equals(g)) {
        return "at line " + (i + 1) + ":\n  golden:    " + w + "\n  generated: " + g;
      }
    }
    return "";
  }
}
