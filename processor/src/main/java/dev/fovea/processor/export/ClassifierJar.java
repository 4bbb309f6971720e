package dev.fovea.processor.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles an exported classifier with the JDK's compiler and packs it, with its weights, into a runnable jar. */
final class ClassifierJar {
  /** Entry times are fixed so the same model always gives the same jar bytes (1980-02-01, as Maven does). */
  private static final long ENTRY_TIME = 315_532_800_000L + 31L * 24 * 3600 * 1000;

  private ClassifierJar() {}

  /** The javac options that put the Vector API in the module graph, for the vector pass. */
  static final List<String> VECTOR_MODULE = List.of("--add-modules", "jdk.incubator.vector");

  /**
   * Class files by jar path ({@code demo/LeNet5Classifier$Net.class}), compiled with {@code --release 17} and an
   * empty class path, which proves the source needs nothing but the JDK.
   */
  static Map<String, byte[]> compile(String binaryName, String source) throws ExportException {
    return compile(binaryName, source, Map.of(), List.of());
  }

  /**
   * As {@link #compile(String, String)}, against {@code classPath} (class files by jar path, as this method
   * returns them) and with further javac options ({@link #VECTOR_MODULE}); returns the new class files only.
   */
  static Map<String, byte[]> compile(String binaryName, String source, Map<String, byte[]> classPath,
      List<String> moreOptions) throws ExportException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new ExportException("no Java compiler in this Java runtime (" + System.getProperty("java.home")
          + "): run the export with a JDK, not a JRE");
    }
    Path out = null;
    try {
      out = Files.createTempDirectory("fovea-export");
      Path classPathDirectory = Files.createDirectory(out.resolve("class-path"));
      for (Map.Entry<String, byte[]> file : classPath.entrySet()) {
        Path target = classPathDirectory.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      Path classes = Files.createDirectory(out.resolve("classes"));
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-implicit:none",
          "-encoding", "UTF-8", "-classpath", classPathDirectory.toString(), "-d", classes.toString()));
      options.addAll(moreOptions);
      Boolean ok = javac.getTask(null, null, diagnostics, options, null, List.of(new Source(binaryName, source)))
          .call();
      if (!ok) {
        throw new ExportException("the exported source of " + binaryName + " does not compile, which is a Fovea bug;"
            + " please report it with this message: " + errors(diagnostics));
      }
      return read(classes);
    } catch (IOException | UncheckedIOException e) {
      throw new ExportException("cannot compile the exported classifier in a temporary directory: " + e, e);
    } finally {
      delete(out);
    }
  }

  /** A jar with a Main-Class manifest, the class files and any other entries (the weights resource). */
  static byte[] jar(String mainClass, Map<String, byte[]> entries) throws ExportException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "Fovea classifier export");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
      manifestEntry.setTime(ENTRY_TIME);
      jar.putNextEntry(manifestEntry);
      manifest.write(jar);
      jar.closeEntry();
      for (String directory : directories(entries.keySet())) {
        JarEntry entry = new JarEntry(directory);
        entry.setTime(ENTRY_TIME);
        jar.putNextEntry(entry);
        jar.closeEntry();
      }
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        JarEntry entry = new JarEntry(e.getKey());
        entry.setTime(ENTRY_TIME);
        jar.putNextEntry(entry);
        jar.write(e.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new ExportException("cannot build the jar in memory: " + e, e);
    }
    return bytes.toByteArray();
  }

  private static List<String> directories(Iterable<String> paths) {
    List<String> dirs = new ArrayList<>();
    for (String path : paths) {
      for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
        String dir = path.substring(0, slash + 1);
        if (!dirs.contains(dir)) {
          dirs.add(dir);
        }
      }
    }
    return dirs;
  }

  private static Map<String, byte[]> read(Path classes) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
            Files.readAllBytes(file));
      }
    }
    return files;
  }

  private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .limit(3)
        .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
        .reduce((a, b) -> a + "; " + b)
        .orElse("no error reported");
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the export itself succeeded or already failed.
    }
  }

  /** The source held in memory, as javac reads it. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String binaryName, String text) {
      super(URI.create("string:///" + binaryName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
