package dev.fovea.maven;

import dev.fovea.report.TrainingReport;
import dev.fovea.runtime.DataFileException;
import dev.fovea.runtime.DataSource;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Json;
import dev.fovea.runtime.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Writes a trained network's HTML report ({@code target/fovea/LeNet5.html}) from its metadata and test data:
 * for fovea:report, and at the end of fovea:train and fovea:evaluate.
 */
final class HtmlReport {
  private HtmlReport() {}

  /** The report's file beside the metadata: {@code LeNet5.json} gives {@code LeNet5.html}. */
  static Path file(ModelFiles files) {
    String json = files.metadata().getFileName().toString();
    return files.metadata().resolveSibling(json.substring(0, json.length() - ".json".length()) + ".html");
  }

  /**
   * Writes the report of {@code model} with the metadata train wrote in {@code files}; {@code evaluation} may
   * be null (then it is measured on {@code test}), and so may {@code test} (then the page has no test sections).
   */
  static Path write(FoveaMojo mojo, Model model, ModelFiles files, Dataset test, Evaluation evaluation)
      throws MojoFailureException {
    TrainingReport report = TrainingReport.of(model).metadata(metadata(files.metadata()));
    if (test != null) {
      report.test(test).evaluation(evaluation);
    }
    Path html = report.write(file(files));
    mojo.getLog().info("Wrote the report " + mojo.relative(html));
    return html;
  }

  /** The report after training: on the test half of {@code source}, when it has one. */
  static void afterTraining(FoveaMojo mojo, Model model, ModelFiles files, Path source) {
    try {
      Metadata meta = Metadata.read(files.metadata());
      writeOrWarn(mojo, model, files, testData(mojo, model, source, meta, false), null);
    } catch (MojoFailureException | RuntimeException e) {
      warn(mojo, e);
    }
  }

  /** The report after evaluating, with the test data and metrics evaluate has. */
  static void afterEvaluation(FoveaMojo mojo, Model model, ModelFiles files, Dataset test, Evaluation evaluation) {
    writeOrWarn(mojo, model, files, test, evaluation);
  }

  // After train and evaluate a report that cannot be written is a warning, not a failed build: the weights and
  // metrics it would show are already written and printed.
  private static void writeOrWarn(FoveaMojo mojo, Model model, ModelFiles files, Dataset test, Evaluation evaluation) {
    try {
      write(mojo, model, files, test, evaluation);
    } catch (MojoFailureException | RuntimeException e) {
      warn(mojo, e);
    }
  }

  private static void warn(FoveaMojo mojo, Exception e) {
    mojo.getLog().warn("No report written: " + e.getMessage());
  }

  /**
   * The test half of {@code source}, preprocessed as {@code meta} says training's inputs were. When it is not
   * {@code required}, data without a test half gives null (and a note): the report then has no test-set sections.
   */
  static Dataset testData(FoveaMojo mojo, Model model, Path source, Metadata meta, boolean required) {
    Dataset test;
    try {
      test = DataSource.load(source, DataSource.Part.TEST, model.inputChannels(), model.inputHeight(),
          model.inputWidth(), model.outputSize(), model.labels());
    } catch (DataFileException e) {
      if (required) {
        throw e;
      }
      mojo.getLog().info("The report has no test-set sections: " + e.getMessage());
      return null;
    }
    // As training saw its inputs: inverted (if it was), then standardised.
    test = meta.invert() ? test.inverted() : test;
    return meta.standardized() ? test.standardized(meta.mean(), meta.std()) : test;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Path file) throws MojoFailureException {
    try {
      // Already checked by Metadata.read: here the report takes what it shows, keys it does not know included.
      return (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | Json.ParseException | ClassCastException e) {
      throw new MojoFailureException(file + ": cannot read the metadata for the report: " + e.getMessage(), e);
    }
  }
}
