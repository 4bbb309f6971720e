package dev.fovea.maven;

import dev.fovea.runtime.Model;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code fovea:summary}: prints the model table of every network the project compiles, or of the one named. */
@Mojo(name = "summary", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class SummaryMojo extends FoveaMojo {

  @Override
  String goal() {
    return "summary";
  }

  @Override
  void run() throws MojoFailureException {
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      List<String> chosen = network == null || network.isBlank()
          ? networks.generated()
          : List.of(networks.resolve(network));
      for (String name : chosen) {
        Model model = networks.load(name);
        getLog().info("Network " + ProjectNetworks.userName(name) + " (" + name + "), input "
            + model.inputChannels() + "x" + model.inputHeight() + "x" + model.inputWidth() + ":");
        model.summary().lines().forEach(getLog()::info);
      }
    }
  }
}
