package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.fuzz.FuzzCase;
import dev.fovea.processor.testing.Generated;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A thousand random annotated classes (seeded), valid and not, across every layer kind: the processor never
 * throws, every class with a mistake gets an error on an annotation's line, and every class without one is
 * generated on both backends and compiles.
 */
class FuzzTest {
  private static final int CLASSES = 1000;
  private static final int PER_COMPILATION = 100;
  private static final long SEED = 20261129;

  @Test
  void randomNetworksAreErrorsAtAnnotationsOrCompile() throws IOException {
    int generated = 0;
    for (int first = 0; first < CLASSES; first += PER_COMPILATION) {
      List<FuzzCase> cases = new ArrayList<>();
      for (int i = first; i < first + PER_COMPILATION; i++) {
        cases.add(FuzzCase.of("F" + i, SEED + i));
      }
      Set<String> failed = checkErrors(cases);
      // javac compiles no generated source once a processor reported an error: compile the clean ones again.
      List<FuzzCase> clean = cases.stream().filter(c -> !failed.contains(c.name())).toList();
      if (!clean.isEmpty()) {
        generated += checkClean(clean);
      }
    }
    // Shapes collapse easily on small random inputs: about a third come out valid (356 with this seed, 55 of them
    // sequences).
    assertTrue(generated >= CLASSES / 4, "only " + generated + " of " + CLASSES + " random classes were valid");
  }

  /** The names of the classes with errors, after checking each error is on an annotation line of its class. */
  private static Set<String> checkErrors(List<FuzzCase> cases) throws IOException {
    Compilation compilation = compile(cases);
    Set<String> failed = new HashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(null);
      if (message.contains("this is a bug in Fovea") || message.contains("threw an uncaught exception")) {
        fail(describe(cases, d));
      }
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      FuzzCase source = caseOf(cases, d);
      if (source == null) {
        fail("an error outside the declared classes (generated code that does not compile?): " + describe(cases, d));
      }
      String line = source.line(d.getLineNumber());
      assertTrue(line.contains("@"), "an error not on an annotation's line: " + describe(cases, d));
      failed.add(source.name());
    }
    for (FuzzCase c : cases) {
      if (c.broken()) {
        assertTrue(failed.contains(c.name()), c.name() + " has a mistake but compiled:\n" + c.source());
      }
    }
    return failed;
  }

  /** Compiles classes that had no error; every one must now be generated on both backends and compile. */
  private static int checkClean(List<FuzzCase> cases) throws IOException {
    Compilation compilation = compile(cases);
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.errors().stream()
        .map(d -> describe(cases, d)).reduce("", (a, b) -> a + "\n" + b));
    for (FuzzCase c : cases) {
      assertTrue(compilation.generatedSourceFile("fuzz." + c.name() + "Net").isPresent(), c.name());
      assertTrue(compilation.generatedSourceFile("fuzz." + c.name() + "NetVector").isPresent(), c.name());
    }
    return cases.size();
  }

  private static Compilation compile(List<FuzzCase> cases) {
    return Generated.compileAnnotatedWithVector(cases.stream()
        .map(c -> JavaFileObjects.forSourceString("fuzz." + c.name(), c.source()))
        .toArray(JavaFileObject[]::new));
  }

  private static FuzzCase caseOf(List<FuzzCase> cases, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return null;
    }
    String file = d.getSource().getName();
    return cases.stream().filter(c -> file.endsWith("/" + c.name() + ".java")).findFirst().orElse(null);
  }

  private static String describe(List<FuzzCase> cases, Diagnostic<? extends JavaFileObject> d) {
    FuzzCase source = caseOf(cases, d);
    return (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
        + d.getMessage(null) + (source == null ? "" : "\n" + source.source());
  }
}
