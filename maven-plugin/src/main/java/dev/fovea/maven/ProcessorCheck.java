package dev.fovea.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** Why a project's classes hold no network registry: not compiled, or compiled without the Fovea processor. */
final class ProcessorCheck {
  /** Argument: the classes directory. */
  static final String NOT_COMPILED = "no compiled classes in %s: compile first, e.g. mvn compile fovea:summary";

  /** Arguments: the classes directory, the compiler plugin's version. */
  static final String OLD_COMPILER = "no Fovea networks in %s: the Fovea processor did not run because "
      + "maven-compiler-plugin %s ignores annotationProcessorPaths (it needs 3.5 or newer): use a newer "
      + "maven-compiler-plugin, e.g. 3.13.0";

  /** Argument: the classes directory. */
  static final String NO_PROCESSOR_PATH = "no Fovea networks in %s: the Fovea processor did not run because "
      + "dev.fovea:fovea-processor is not on maven-compiler-plugin's annotationProcessorPaths: add it there";

  /** Argument: the classes directory. */
  static final String NO_NETWORKS = "no Fovea networks in %s: no class annotated with @Network was compiled "
      + "(recompile, e.g. mvn clean compile, if there is one)";

  private static final String PROCESSOR = "fovea-processor";

  private ProcessorCheck() {}

  /** The message for a project whose {@code classes} directory has no registry. */
  static String diagnose(MavenProject project, Path classes) {
    if (!hasClassFiles(classes)) {
      return String.format(NOT_COMPILED, classes);
    }
    Plugin compiler = project.getBuild().getPluginsAsMap().get("org.apache.maven.plugins:maven-compiler-plugin");
    // A processor among the dependencies is found on the class path by javac whatever the plugin's version.
    boolean onClassPath = project.getDependencies().stream().map(Dependency::getArtifactId).anyMatch(PROCESSOR::equals);
    if (compiler == null || onClassPath) {
      return String.format(NO_NETWORKS, classes);
    }
    String version = compiler.getVersion();
    if (version != null && new ComparableVersion(version).compareTo(new ComparableVersion("3.5")) < 0) {
      return String.format(OLD_COMPILER, classes, version);
    }
    if (!listsProcessor(compiler)) {
      return String.format(NO_PROCESSOR_PATH, classes);
    }
    return String.format(NO_NETWORKS, classes);
  }

  private static boolean hasClassFiles(Path classes) {
    if (!Files.isDirectory(classes)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(classes)) {
      return files.anyMatch(f -> f.toString().endsWith(".class"));
    } catch (IOException | RuntimeException e) {
      return true; // Unreadable: say what the configuration says rather than "compile first".
    }
  }

  /** Whether the plugin's configuration, or its default-compile execution's, puts the processor on the path. */
  private static boolean listsProcessor(Plugin compiler) {
    if (lists((Xpp3Dom) compiler.getConfiguration())) {
      return true;
    }
    for (PluginExecution execution : compiler.getExecutions()) {
      if ("default-compile".equals(execution.getId()) && lists((Xpp3Dom) execution.getConfiguration())) {
        return true;
      }
    }
    return false;
  }

  private static boolean lists(Xpp3Dom configuration) {
    Xpp3Dom paths = configuration == null ? null : configuration.getChild("annotationProcessorPaths");
    if (paths == null) {
      return false;
    }
    for (Xpp3Dom path : paths.getChildren()) {
      Xpp3Dom artifactId = path.getChild("artifactId");
      if (artifactId != null && PROCESSOR.equals(artifactId.getValue())) {
        return true;
      }
    }
    return false;
  }
}
