package dev.fovea.maven;

import dev.fovea.runtime.Model;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/** {@code fovea:summary}: prints the model table of every network the project compiles, or of the one named. */
@Mojo(name = "summary", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class SummaryMojo extends AbstractMojo {
  /** The generated-class registry the processor writes next to the classes. */
  static final String REGISTRY = "META-INF/fovea/networks";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** A network's class name (simple or qualified, e.g. LeNet5); all networks when unset. */
  @Parameter(property = "fovea.network")
  private String network;

  @Parameter(property = "fovea.skip", defaultValue = "false")
  private boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping fovea:summary (fovea.skip)");
      return;
    }
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    List<String> generated = registry(classes);
    List<String> chosen = generated.stream().filter(this::matches).toList();
    if (chosen.isEmpty()) {
      throw new MojoFailureException("no network named " + network + " in this project; it has: "
          + String.join(", ", generated.stream().map(SummaryMojo::userName).toList()));
    }
    try (URLClassLoader loader = new URLClassLoader(classpath(), getClass().getClassLoader())) {
      for (String name : chosen) {
        Model model = load(loader, name);
        getLog().info("Network " + userName(name) + " (" + name + "), input " + model.inputChannels() + "x"
            + model.inputHeight() + "x" + model.inputWidth() + ":");
        model.summary().lines().forEach(getLog()::info);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot load the networks from " + classes + ": " + e.getMessage(), e);
    }
  }

  private static Model load(ClassLoader loader, String name) throws MojoExecutionException {
    try {
      return Model.of(loader.loadClass(name));
    } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
      throw new MojoExecutionException("cannot load network class " + name + " (recompile the project, e.g. mvn "
          + "clean compile): " + e.getMessage(), e);
    }
  }

  private boolean matches(String generatedName) {
    if (network == null || network.isBlank()) {
      return true;
    }
    String user = userName(generatedName);
    return user.equals(network) || user.endsWith("." + network) || generatedName.equals(network);
  }

  /** {@code demo.LeNet5Net} names the network {@code demo.LeNet5}. */
  static String userName(String generatedName) {
    return generatedName.substring(0, generatedName.length() - "Net".length());
  }

  static List<String> registry(Path classes) throws MojoFailureException {
    Path file = classes.resolve(REGISTRY);
    if (!Files.isRegularFile(file)) {
      throw new MojoFailureException("no Fovea networks in " + classes + ": compile first (mvn compile "
          + "fovea:summary) with dev.fovea:fovea-processor on the compiler's annotationProcessorPaths");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new MojoFailureException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private URL[] classpath() throws MojoExecutionException {
    try {
      List<URL> urls = new ArrayList<>();
      for (String element : project.getCompileClasspathElements()) {
        urls.add(new File(element).toURI().toURL());
      }
      return urls.toArray(URL[]::new);
    } catch (DependencyResolutionRequiredException | MalformedURLException e) {
      throw new MojoExecutionException("cannot build the project class path: " + e.getMessage(), e);
    }
  }
}
