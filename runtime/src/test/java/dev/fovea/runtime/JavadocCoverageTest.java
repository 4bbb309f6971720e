package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public and protected class, constructor, method and constant of the runtime has a Javadoc comment:
 * javac's doclint "missing" check over the runtime's sources (a second or two, no HTML written).
 */
class JavadocCoverageTest {

  private static final Path SOURCES = Path.of("src/main/java");

  @TempDir Path classes;

  @Test
  void everyPublicMemberHasAComment() throws IOException {
    assertTrue(Files.isDirectory(SOURCES), "run from the runtime module's directory, as surefire does");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("-Xdoclint:missing/protected", "-Xmaxwarns", "100000", "-proc:none",
          "-d", classes.toString());
      assertTrue(javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call(),
          () -> "the runtime sources do not compile: " + diagnostics.getDiagnostics());
    }
    List<String> undocumented = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      // Only comments that are missing altogether: a one-line comment need not list every @param.
      if (d.getMessage(Locale.ROOT).equals("no comment")) {
        undocumented.add(Path.of(d.getSource().getName()).getFileName() + ":" + d.getLineNumber());
      }
    }
    assertEquals(List.of(), undocumented, "public or protected members of the runtime without Javadoc");
  }
}
