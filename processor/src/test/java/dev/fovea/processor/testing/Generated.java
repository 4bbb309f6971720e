package dev.fovea.processor.testing;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.FoveaProcessor;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.NetworkWriter;
import dev.fovea.processor.write.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles networks in memory, from descriptors or from annotated source, and loads the generated classes. */
public final class Generated {
  /** The javac options that put jdk.incubator.vector in the module graph. */
  public static final List<String> VECTOR_MODULE = List.of("--add-modules", "jdk.incubator.vector");

  private Generated() {}

  /** Infers shapes, failing the test on any error. */
  public static NetworkPlan plan(NetworkSpec spec) {
    ShapeInference.Result result = ShapeInference.infer(spec);
    assertEquals(true, result.ok(), () -> "shape errors: " + result.problems());
    return result.plan();
  }

  /** The generated source of a plan in the given precision. */
  public static String source(NetworkPlan plan, Precision precision) {
    return source(plan, precision, Backend.PORTABLE);
  }

  /** The generated source of a plan in the given precision and backend. */
  public static String source(NetworkPlan plan, Precision precision, Backend backend) {
    return NetworkWriter.write(plan, precision, backend).toString();
  }

  /** Writes, compiles and loads the portable class for a plan, and returns a fresh instance wrapped for tests. */
  public static TestNet instantiate(NetworkPlan plan, Precision precision) {
    return instantiate(plan, precision, Backend.PORTABLE);
  }

  /** Writes, compiles and loads one backend's class for a plan, and returns a fresh instance wrapped for tests. */
  public static TestNet instantiate(NetworkPlan plan, Precision precision, Backend backend) {
    String name = plan.spec().packageName() + "." + backend.className(plan.spec().generatedClassName());
    Compilation compilation = compile(backend, JavaFileObjects.forSourceString(name, source(plan, precision, backend)));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    return TestNet.of(load(compilation, name));
  }

  /** Compiles sources, with the incubating Vector API module resolved for the vector backend. */
  public static Compilation compile(Backend backend, JavaFileObject... sources) {
    var compiler = backend == Backend.VECTOR ? javac().withOptions(VECTOR_MODULE) : javac();
    return compiler.compile(sources);
  }

  /** Runs javac with the Fovea processor over annotated sources. */
  public static Compilation compileAnnotated(JavaFileObject... sources) {
    return javac().withProcessors(new FoveaProcessor()).compile(sources);
  }

  /** Compiles {@code source} with the processor and checks its one error: {@code message} on {@code line}'s line. */
  public static void assertOnlyError(JavaFileObject source, String line, String message) {
    Compilation compilation = compileAnnotated(source);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    assertThat(compilation).hadErrorCount(1);
  }

  /** Runs javac with the Fovea processor and the Vector API in the module graph: both backends get written. */
  public static Compilation compileAnnotatedWithVector(JavaFileObject... sources) {
    return javac().withOptions(VECTOR_MODULE).withProcessors(new FoveaProcessor()).compile(sources);
  }

  /** Loads a class from the class files a compilation produced. */
  public static Class<?> load(Compilation compilation, String binaryName) {
    Map<String, byte[]> classes = classFiles(compilation);
    ClassLoader loader = new ClassLoader(Generated.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    try {
      return loader.loadClass(binaryName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not generated: " + binaryName + " among " + classes.keySet(), e);
    }
  }

  /** Class files by binary name. */
  public static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - 6);
        try (InputStream in = file.openInputStream()) {
          classes.put(name.replace('/', '.'), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return classes;
  }
}
