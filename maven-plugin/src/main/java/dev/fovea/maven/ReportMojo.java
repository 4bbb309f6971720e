package dev.fovea.maven;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code fovea:report}: writes the trained network's report, one self-contained HTML file beside its weights
 * ({@code target/fovea/LeNet5.html}): model table, per-epoch charts, confusion heat map, kernels, feature maps,
 * the worst-classified test images, settings and fingerprint. fovea:train and fovea:evaluate write it too.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class ReportMojo extends FoveaMojo {

  /** The test data: the test half of a data directory, or a CSV file; by default the training run's directory. */
  @Parameter(property = "fovea.data")
  File data;

  @Override
  String goal() {
    return "report";
  }

  @Override
  void run() throws MojoFailureException {
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      TrainedNetwork trained = TrainedNetwork.load(networks, network, output());
      Model model = trained.model();
      Metadata meta = trained.metadata();
      Path source = data != null ? data.toPath().normalize()
          : project.getBasedir().toPath().resolve(meta.data()).normalize();
      Dataset test = HtmlReport.testData(this, model, source, meta, data != null);
      HtmlReport.write(this, model, trained.files(), test, null);
    }
  }
}
