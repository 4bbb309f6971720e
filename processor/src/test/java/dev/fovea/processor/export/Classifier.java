package dev.fovea.processor.export;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URLClassLoader;
import java.nio.file.Path;
import dev.fovea.processor.testing.CompiledProject;

/**
 * An exported classifier compiled by bare javac, loaded in this JVM by a loader that sees only its class
 * directory and the JDK (the platform loader), and called through method handles.
 */
record Classifier(MethodHandle predict, MethodHandle probabilities) {

  /** Loads the only exported class under {@code classes}, {@code demo.LeNet5Classifier} unless named. */
  static Classifier load(Path classes) throws ReflectiveOperationException {
    return load(classes, "demo.LeNet5Classifier");
  }

  static Classifier load(Path classes, String name) throws ReflectiveOperationException {
    URLClassLoader loader = CompiledProject.loader(classes, ClassLoader.getPlatformClassLoader());
    Class<?> type = loader.loadClass(name);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    return new Classifier(
        lookup.findStatic(type, "predict", MethodType.methodType(int.class, float[].class)),
        lookup.findStatic(type, "probabilities", MethodType.methodType(float[].class, float[].class)));
  }

  /** Calls predict; the classifier's own exceptions (e.g. a damaged weights file) pass through unwrapped. */
  int predict(float[] input) {
    try {
      return (int) predict.invokeExact(input);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("predict declares no checked exception", t);
    }
  }

  float[] probabilities(float[] input) {
    try {
      return (float[]) probabilities.invokeExact(input);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("probabilities declares no checked exception", t);
    }
  }
}
