package dev.fovea.maven;

import dev.fovea.runtime.DataFileException;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal shares: the project, the network's name, the output directory, skipping, and error style. */
abstract class FoveaMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  MojoExecution mojoExecution;

  /** The network's class name, simple (LeNet5) or qualified; may be left out when the project has one. */
  @Parameter(property = "fovea.network")
  String network;

  /** Where train writes, and evaluate and export read, the weights and their metadata. */
  @Parameter(property = "fovea.output", defaultValue = "${project.build.directory}/fovea")
  File outputDirectory;

  /** Skips the goal. */
  @Parameter(property = "fovea.skip", defaultValue = "false")
  boolean skip;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    // Before skip: a mistyped property is silently ignored otherwise, e.g. a quality gate that never gates.
    PropertyCheck.check(session.getUserProperties(), project.getProperties(),
        PropertyCheck.known(mojoExecution.getMojoDescriptor().getPluginDescriptor()));
    if (skip) {
      getLog().info("Skipping fovea:" + goal() + " (fovea.skip)");
      return;
    }
    try {
      run();
    } catch (DataFileException | IllegalArgumentException | IllegalStateException e) {
      // A user's mistake (bad data, wrong shapes, diverging settings) arrives as one of these, with a message
      // that already names the file or value: Maven prints it without a stack trace (-e shows the cause).
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  /** The goal's name, for messages. */
  abstract String goal();

  abstract void run() throws MojoExecutionException, MojoFailureException;

  Path output() {
    return outputDirectory.toPath();
  }

  /** {@code path} relative to the project's directory when inside it, for shorter messages and portable metadata. */
  String relative(Path path) {
    Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(base) ? base.relativize(p).toString() : p.toString();
  }
}
