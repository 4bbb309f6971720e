package dev.fovea.maven;

import dev.fovea.api.GeneratedNames;
import dev.fovea.processor.export.SpecFile;
import dev.fovea.runtime.Model;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

/** The networks a project compiled: its registry, resolved by name and loaded over the project class path. */
final class ProjectNetworks implements AutoCloseable {
  /** The generated-class registry the processor writes next to the classes. */
  static final String REGISTRY = "META-INF/fovea/networks";

  private final Path classes;
  private final List<String> generated;
  private final URLClassLoader loader;

  private ProjectNetworks(Path classes, List<String> generated, URLClassLoader loader) {
    this.classes = classes;
    this.generated = generated;
    this.loader = loader;
  }

  /** Reads the registry of {@code project}'s compiled classes and opens a loader over its class path. */
  static ProjectNetworks open(MavenProject project) throws MojoFailureException {
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    List<String> generated = registry(project, classes);
    // The plugin's own loader as parent, so the project's generated classes meet the plugin's runtime.
    return new ProjectNetworks(classes, generated, new URLClassLoader(classpath(project),
        ProjectNetworks.class.getClassLoader()));
  }

  /** The generated class names, e.g. {@code demo.LeNet5Net}. */
  List<String> generated() {
    return generated;
  }

  ClassLoader loader() {
    return loader;
  }

  /** {@code demo.LeNet5Net} names the network {@code demo.LeNet5}. */
  static String userName(String generatedName) {
    return GeneratedNames.annotatedName(generatedName);
  }

  /** {@code demo.Outer_Inner} is called {@code Outer_Inner}. */
  static String simpleName(String generatedName) {
    String user = userName(generatedName);
    return user.substring(user.lastIndexOf('.') + 1);
  }

  /** Whether {@code name} (simple or qualified user name, or the generated name) names {@code generatedName}. */
  static boolean matches(String generatedName, String name) {
    String user = userName(generatedName);
    return user.equals(name) || user.endsWith("." + name) || generatedName.equals(name);
  }

  /**
   * The one generated class {@code name} names; with no name, the project's only network.
   *
   * @throws MojoFailureException if none or several match
   */
  String resolve(String name) throws MojoFailureException {
    if (name == null || name.isBlank()) {
      if (generated.size() == 1) {
        return generated.get(0);
      }
      throw new MojoFailureException("this project has " + generated.size() + " networks (" + names(generated)
          + "): name one with <network> or -Dfovea.network=NAME");
    }
    List<String> chosen = generated.stream().filter(g -> matches(g, name.strip())).toList();
    if (chosen.isEmpty()) {
      throw new MojoFailureException("no network named " + name + " in this project; it has: " + names(generated));
    }
    if (chosen.size() > 1) {
      throw new MojoFailureException("network name " + name + " is ambiguous: " + names(chosen)
          + "; use the qualified name");
    }
    return chosen.get(0);
  }

  /** A new model (zeroed parameters) of the generated class, on the Vector API backend when Maven's JVM has it. */
  Model load(String generatedName) throws MojoFailureException {
    try {
      return Model.forGenerated(loader.loadClass(generatedName));
    } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
      throw new MojoFailureException("cannot load network class " + generatedName + " (recompile the project, "
          + "e.g. mvn clean compile): " + e.getMessage(), e);
    }
  }

  /** The class file of a generated network: what its up-to-date check hashes. */
  byte[] classBytes(String generatedName) throws MojoFailureException {
    String resource = generatedName.replace('.', '/') + ".class";
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MojoFailureException("no class file " + resource + " on the project class path: recompile");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MojoFailureException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * SHA-256 of the network's declaration as the processor recorded it (layers, shapes, activations, labels), in
   * its canonical form: what weights must have been trained for. Unlike the class bytes it is the same for both
   * backends and for any compiler.
   */
  String declarationSha256(String generatedName) throws MojoFailureException {
    String resource = SpecFile.resourceName(generatedName);
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MojoFailureException("no " + resource + " on the project class path (compiled by an older "
            + "Fovea?): recompile, e.g. mvn clean compile");
      }
      return Fingerprint.sha256(SpecFile.write(SpecFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new MojoFailureException("cannot read " + resource + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(resource + " is not a valid network declaration (" + e.getMessage()
          + "): recompile, e.g. mvn clean compile", e);
    }
  }

  @Override
  public void close() throws MojoFailureException {
    try {
      loader.close();
    } catch (IOException e) {
      throw new MojoFailureException("cannot close the class loader over " + classes + ": " + e.getMessage(), e);
    }
  }

  private static String names(List<String> generatedNames) {
    return String.join(", ", generatedNames.stream().map(ProjectNetworks::userName).toList());
  }

  private static List<String> registry(MavenProject project, Path classes) throws MojoFailureException {
    Path file = classes.resolve(REGISTRY);
    if (!Files.isRegularFile(file)) {
      throw new MojoFailureException(ProcessorCheck.diagnose(project, classes));
    }
    try {
      List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(l -> !l.isEmpty()).toList();
      if (names.isEmpty()) {
        throw new MojoFailureException(file + " lists no networks: recompile the project");
      }
      return names;
    } catch (IOException e) {
      throw new MojoFailureException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static URL[] classpath(MavenProject project) throws MojoFailureException {
    try {
      List<URL> urls = new ArrayList<>();
      for (String element : project.getCompileClasspathElements()) {
        urls.add(new File(element).toURI().toURL());
      }
      return urls.toArray(URL[]::new);
    } catch (DependencyResolutionRequiredException | MalformedURLException e) {
      throw new MojoFailureException("cannot build the project class path: " + e.getMessage(), e);
    }
  }
}
