package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Generated;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake an exporter's caller can make is one ExportException with a message saying what to do. */
class ExportErrorsTest {
  private static final String TINY = """
      package demo;

      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 1, height = 4, width = 4))
      public class Tiny {
        @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;
      }
      """;
  private static final int TINY_PARAMETERS = 16 * 3 + 3;

  @TempDir static Path dir;
  static URLClassLoader project;

  @BeforeAll
  static void compile() {
    project = CompiledProject.loader(CompiledProject.write(
        Generated.compileAnnotated(JavaFileObjects.forSourceString("demo.Tiny", TINY)), dir.resolve("project")));
  }

  @Test
  void processorWritesTheSpecBesideTheClasses() throws IOException {
    String spec = Files.readString(dir.resolve("project/META-INF/fovea/specs/demo.TinyNet.properties"));
    assertEquals("demo", SpecFile.read(spec).packageName());
  }

  @Test
  void anUnknownNetworkListsTheProjectsNetworks() {
    assertEquals("no Fovea network demo.Other among the compiled classes (networks: demo.TinyNet)",
        message(project, "demo.Other", new float[1]));
  }

  @Test
  void theAnnotatedClassInsteadOfTheGeneratedOneIsNamed() {
    assertEquals("demo.Tiny is the annotated class; export its generated class demo.TinyNet",
        message(project, "demo.Tiny", new float[1]));
  }

  @Test
  void aLoaderWithoutFoveaClassesPointsAtTheProcessorSetup() {
    assertEquals("no Fovea network demo.TinyNet among the compiled classes (none found: is the Fovea processor on"
        + " the compiler's annotationProcessorPaths?)",
        message(ClassLoader.getPlatformClassLoader(), "demo.TinyNet", new float[1]));
  }

  @Test
  void aDamagedSpecIsNamedWithTheBrokenKey() throws IOException {
    Path copy = dir.resolve("damaged");
    Path spec = copy.resolve("META-INF/fovea/specs/demo.TinyNet.properties");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, Files.readString(dir.resolve("project/META-INF/fovea/specs/demo.TinyNet.properties"))
        .replace("layer.0.units=3", "layer.0.units=three"));
    assertEquals("META-INF/fovea/specs/demo.TinyNet.properties is not a valid network spec: key 'layer.0.units'"
        + " has 'three', not numbers; recompile the project to rewrite it",
        message(CompiledProject.loader(copy), "demo.TinyNet", new float[TINY_PARAMETERS]));
  }

  @Test
  void theSpecReaderRefusesWhatTheParserWouldHaveRefused() throws IOException {
    String spec = Files.readString(dir.resolve("project/META-INF/fovea/specs/demo.TinyNet.properties"));
    assertEquals("key 'layer.0.name' has 'out;System.exit(1)', not a layer name", assertThrows(
        IllegalArgumentException.class, () -> SpecFile.read(spec.replace("name=out", "name=out;System.exit(1)")))
        .getMessage());
    assertEquals("key 'layer.0.units' has '0': each number must be at least 1", assertThrows(
        IllegalArgumentException.class, () -> SpecFile.read(spec.replace("units=3", "units=0"))).getMessage());
    assertEquals("key 'layers' has '0': each number must be at least 1", assertThrows(
        IllegalArgumentException.class, () -> SpecFile.read(spec.replace("layers=1", "layers=0"))).getMessage());
    assertEquals("key 'input' needs 3 comma-separated numbers, got '1,4'", assertThrows(
        IllegalArgumentException.class, () -> SpecFile.read(spec.replace("input=1,4,4", "input=1,4"))).getMessage());
  }

  @Test
  void aSpecFromAnotherFormatVersionAsksForARecompile() throws IOException {
    Path copy = dir.resolve("future");
    Path spec = copy.resolve("META-INF/fovea/specs/demo.TinyNet.properties");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, "format=fovea-spec/9\n");
    assertEquals("META-INF/fovea/specs/demo.TinyNet.properties is not a valid network spec: format"
        + " 'fovea-spec/9' is not fovea-spec/1: the classes were compiled by a different Fovea version; recompile"
        + " them with this one; recompile the project to rewrite it",
        message(CompiledProject.loader(copy), "demo.TinyNet", new float[TINY_PARAMETERS]));
  }

  @Test
  void weightsOfTheWrongSizeOrNotFiniteAreRefused() {
    assertEquals("demo.TinyNet has 51 parameters but the weights hold 50 values: they belong to another network or"
        + " an older version of it", message(project, "demo.TinyNet", new float[50]));
    float[] diverged = new float[TINY_PARAMETERS];
    diverged[7] = Float.NaN;
    assertEquals("weight 7 of demo.TinyNet is NaN: training diverged; retrain (e.g. with a lower learning rate)"
        + " before exporting", message(project, "demo.TinyNet", diverged));
  }

  @Test
  void badNamesAndStandardizationAreRefused() throws ExportException {
    ClassifierExport export = ClassifierExport.of(project, "demo.TinyNet", new float[TINY_PARAMETERS]);
    assertEquals("'com.1bad' is not a Java package name: use dot-separated identifiers such as com.example.model",
        assertThrows(ExportException.class, () -> export.packageName("com.1bad")).getMessage());
    assertEquals("'class' is not a Java class name: use one identifier such as LeNet5Classifier",
        assertThrows(ExportException.class, () -> export.className("class")).getMessage());
    assertEquals("standardization needs a finite mean and a positive, finite standard deviation, got mean 0.5 and"
        + " std 0.0", assertThrows(ExportException.class, () -> export.standardization(0.5, 0)).getMessage());
    assertEquals("'Math' would hide a class the classifier uses (Math): choose another name, such as"
        + " MathClassifier", assertThrows(ExportException.class, () -> export.className("Math")).getMessage());
    assertEquals("'Net' would hide a class the classifier uses (Net): choose another name, such as NetClassifier",
        assertThrows(ExportException.class, () -> export.className("Net")).getMessage());
    for (String nested : List.of("Inference", "Kernels")) { // the choice of forward pass
      assertTrue(assertThrows(ExportException.class, () -> export.className(nested)).getMessage()
          .startsWith("'" + nested + "' would hide a class the classifier uses"), nested);
    }
    assertEquals("demo.TinyClassifier", export.exportedClassName());
    assertEquals("model.Tiny", export.packageName("model").className("Tiny").exportedClassName());
  }

  private static String message(ClassLoader loader, String network, float[] weights) {
    return assertThrows(ExportException.class, () -> ClassifierExport.of(loader, network, weights)).getMessage();
  }
}
