package dev.fovea.maven;

import dev.fovea.runtime.DataSource;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.Model;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code fovea:evaluate}: evaluates the trained weights on a test set (loss, accuracy, top-k, confusion
 * matrix, per-class precision and recall) and fails the build when accuracy is under {@code minAccuracy}.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public final class EvaluateMojo extends FoveaMojo {

  /** The test data: the test half of a data directory, or a CSV file; by default the training run's directory. */
  @Parameter(property = "fovea.data")
  File data;

  /** The smallest acceptable accuracy as a fraction, e.g. 0.75; unset means no gate. */
  @Parameter(property = "fovea.minAccuracy")
  Double minAccuracy;

  /** Top-k accuracy is reported for this k. */
  @Parameter(property = "fovea.topK", defaultValue = "3")
  int topK;

  /** Evaluation threads; 0 means all processors. */
  @Parameter(property = "fovea.threads", defaultValue = "0")
  int threads;

  @Override
  String goal() {
    return "evaluate";
  }

  @Override
  void run() throws MojoFailureException {
    if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new MojoFailureException("minAccuracy is a fraction in [0, 1] (e.g. 0.75 for 75 %), not " + minAccuracy);
    }
    try (ProjectNetworks networks = ProjectNetworks.open(project)) {
      evaluate(networks);
    }
  }

  private void evaluate(ProjectNetworks networks) throws MojoFailureException {
    TrainedNetwork trained = TrainedNetwork.load(networks, network, output());
    Model model = trained.model();
    Metadata meta = trained.metadata();
    Path trainedOn = project.getBasedir().toPath().resolve(meta.data()).normalize();
    Path source = data != null ? data.toPath().normalize() : trainedOn;
    boolean usedWhole = Files.isRegularFile(source)
        || Files.isDirectory(source) && source.equals(DataSource.imageFolders(source, DataSource.Part.TEST));
    if (usedWhole && source.equals(trainedOn)) {
      // A single CSV file or bare class folders are used whole by both goals, so evaluate would grade the training
      // data.
      getLog().warn("Evaluating on " + relative(source) + ", the data " + trained.name() + " was trained on: "
          + "set fovea.data to held-out test data for a meaningful accuracy");
    }
    Dataset test = DataSource.load(source, DataSource.Part.TEST, model.inputChannels(), model.inputHeight(),
        model.inputWidth(), model.outputSize(), model.labels());
    if (meta.invert()) {
      test = test.inverted();
    }
    if (meta.standardized()) {
      // The training set's constants, not the test set's: the model must see inputs as it did in training.
      test = test.standardized(meta.mean(), meta.std());
    }
    Evaluation result = Evaluator.evaluate(model, test, topK,
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    getLog().info(String.format(Locale.ROOT, "Evaluating %s (%s) on %s (%,d images):", trained.name(),
        relative(trained.files().weights()), relative(source), test.size()));
    result.format(model.labels()).lines().forEach(getLog()::info);
    HtmlReport.afterEvaluation(this, model, trained.files(), test, result);
    if (minAccuracy != null) {
      gate(result.accuracy(), trained.name() + " on " + test.name());
    }
  }

  private void gate(double accuracy, String what) throws MojoFailureException {
    boolean below = accuracy < minAccuracy;
    String verdict = String.format(Locale.ROOT, "accuracy %.2f %% of %s is %s the minimum %.2f %% (minAccuracy)",
        accuracy * 100, what, below ? "below" : "at or above", minAccuracy * 100);
    if (below) {
      throw new MojoFailureException(verdict);
    }
    getLog().info("Quality gate passed: " + verdict);
  }
}
