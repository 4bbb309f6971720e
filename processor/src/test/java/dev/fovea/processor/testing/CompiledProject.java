package dev.fovea.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * A compilation's class output (classes and resources such as the network specs) written to a directory, as
 * Maven leaves target/classes, with a class loader over it.
 */
public final class CompiledProject {
  private static final String CLASS_OUTPUT = "CLASS_OUTPUT/";

  private CompiledProject() {}

  /** Writes every class file and resource the compilation produced under {@code dir}; fails on a failed compile. */
  public static Path write(Compilation compilation, Path dir) {
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      int at = path.indexOf(CLASS_OUTPUT);
      if (at < 0) {
        continue; // a generated source, not part of the class output
      }
      Path target = dir.resolve(path.substring(at + CLASS_OUTPUT.length()));
      try (InputStream in = file.openInputStream()) {
        Files.createDirectories(target.getParent());
        Files.write(target, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** A loader over {@code dir} whose parent is the test's loader (for the annotations and runtime). */
  public static URLClassLoader loader(Path dir) {
    return loader(dir, CompiledProject.class.getClassLoader());
  }

  /** A loader over {@code dir} with the given parent; the platform loader proves a class needs only the JDK. */
  public static URLClassLoader loader(Path dir, ClassLoader parent) {
    try {
      return new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(dir.toString(), e);
    }
  }
}
