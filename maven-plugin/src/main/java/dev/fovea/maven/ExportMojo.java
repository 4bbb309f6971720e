package dev.fovea.maven;

import dev.fovea.processor.export.ClassifierExport;
import dev.fovea.processor.export.ExportException;
import dev.fovea.processor.export.ExportResult;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code fovea:export}: writes the trained network as a standalone classifier, one Java source file and its jar,
 * that needs nothing but the JDK.
 */
@Mojo(name = "export", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class ExportMojo extends FoveaMojo {

  /** The exported class's package; the network's own by default. */
  @Parameter(property = "fovea.package")
  String packageName;

  /** The exported class's simple name; the exporter's default (e.g. LeNet5Classifier) when unset. */
  @Parameter(property = "fovea.className")
  String className;

  /** Where the source tree and the jar go. */
  @Parameter(property = "fovea.exportDirectory", defaultValue = "${project.build.directory}/fovea/export")
  File exportDirectory;

  /** The jar's file name; {@code <network in lower case>-classifier.jar} by default. */
  @Parameter(property = "fovea.jarName")
  String jarName;

  @Override
  String goal() {
    return "export";
  }

  @Override
  void run() throws MojoFailureException {
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      TrainedNetwork trained = TrainedNetwork.load(networks, network, output());
      Path root = exportDirectory.toPath();
      Path jar = root.resolve(jarName != null && !jarName.isBlank()
          ? jarName : trained.name().toLowerCase(Locale.ROOT) + "-classifier.jar");
      getLog().info("Exporting " + trained.name() + " (" + relative(trained.files().weights()) + ") to "
          + relative(root));
      Metadata meta = trained.metadata();
      ClassifierExport export =
          ClassifierExport.of(networks.loader(), trained.generated(), trained.model().parameters());
      if (blankToNull(packageName) != null) {
        export.packageName(blankToNull(packageName));
      }
      if (blankToNull(className) != null) {
        export.className(blankToNull(className));
      }
      if (meta.mean() != null) {
        export.standardization(meta.mean(), meta.std());
      }
      if (meta.invert()) {
        // Until the exporter applies the recorded inversion, its users must know to feed it inverted images.
        getLog().warn(INVERT_NOT_APPLIED);
      }
      ExportResult source = export.writeSource(root);
      getLog().info("Wrote " + source.source() + " (" + source.summary() + ")");
      ExportResult written = export.writeJar(jar);
      getLog().info("Wrote " + written.jar() + " (" + written.summary() + ")");
    } catch (ExportException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  /** Said when the model was trained on inverted inputs, which the exported classifier does not invert yet. */
  static final String INVERT_NOT_APPLIED = "the model was trained on inverted inputs (fovea.invert), but the exported "
      + "classifier does not invert its inputs: give it images already inverted (light strokes on dark)";

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
