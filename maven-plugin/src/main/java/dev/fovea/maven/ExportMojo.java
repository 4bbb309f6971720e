package dev.fovea.maven;

import dev.fovea.processor.export.ClassifierExport;
import dev.fovea.processor.export.ExportException;
import dev.fovea.processor.export.ExportResult;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * {@code fovea:export}: writes the trained network as a standalone classifier, its Java source and its jar, that
 * needs nothing but the JDK. The jar also holds the forward pass on the Vector API, which it runs when started
 * with {@code java --add-modules jdk.incubator.vector}, as the runtime does.
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

  /**
   * Inverts pictures (PNG, JPEG; not IDX files) before classifying: for a model trained on light-on-dark images,
   * like MNIST's, that will classify dark-on-light pictures. Recorded in the exported class.
   */
  @Parameter(property = "fovea.invert", defaultValue = "false")
  boolean invert;

  /**
   * Attaches the jar to the project's artifacts with the classifier {@link #classifier}, so that install and
   * deploy publish it and another project can depend on it.
   */
  @Parameter(property = "fovea.attach", defaultValue = "true")
  boolean attach;

  /**
   * The attached jar's Maven classifier (a dependency's {@code <classifier>}); {@code <network in lower
   * case>-classifier} by default.
   */
  @Parameter(property = "fovea.classifier")
  String classifier;

  @Component
  MavenProjectHelper projectHelper;

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
      // The model's recorded inversion (fovea:train's fovea.invert) or this goal's setting.
      export.invert(invert || meta.invert());
      ExportResult source = export.writeSource(root);
      getLog().info("Wrote " + source.source() + " (" + source.summary() + ")");
      ExportResult written = export.writeJar(jar);
      getLog().info("Wrote " + written.jar() + " (" + written.summary() + ")");
      if (written.vector()) {
        getLog().info("It runs the Vector API forward pass under java --add-modules jdk.incubator.vector, the"
            + " portable one otherwise (--backend prints which)");
      }
      if (attach) {
        String name = blankToNull(classifier) != null ? blankToNull(classifier)
            : trained.name().toLowerCase(Locale.ROOT) + "-classifier";
        projectHelper.attachArtifact(project, "jar", name, jar.toFile());
        getLog().info("Attached " + relative(jar) + " as " + project.getGroupId() + ":" + project.getArtifactId()
            + ":jar:" + name + ":" + project.getVersion());
      }
    } catch (ExportException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }


  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
