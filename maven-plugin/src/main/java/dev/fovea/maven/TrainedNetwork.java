package dev.fovea.maven;

import dev.fovea.runtime.Model;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;

/**
 * A network of the project with the weights train wrote for it loaded, and their metadata: what evaluate
 * and export start from.
 *
 * @param generated the generated class name, e.g. {@code demo.LeNet5Net}
 * @param name the network's simple name, e.g. {@code LeNet5}, for messages
 */
record TrainedNetwork(String generated, String name, Model model, ModelFiles files, Metadata metadata) {

  /**
   * Resolves {@code network} among the project's networks and loads its trained weights from {@code directory}.
   *
   * @throws MojoFailureException if the network is unknown, was never trained, or its weights do not fit it
   */
  static TrainedNetwork load(ProjectNetworks networks, String network, Path directory) throws MojoFailureException {
    String generated = networks.resolve(network);
    Model model = networks.load(generated);
    ModelFiles files = ModelFiles.of(directory, generated);
    Metadata metadata = files.readTrained();
    files.loadInto(model, networks.declarationSha256(generated));
    return new TrainedNetwork(generated, ProjectNetworks.simpleName(generated), model, files, metadata);
  }
}
