package dev.fovea.report;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.runtime.AtomicFiles;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.DataFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model's report as one self-contained HTML page: the model table, loss, accuracy and learning-rate
 * charts per epoch, the test confusion matrix as a heat map with per-class precision and recall, the first
 * convolution's kernels, one test image's feature maps through every convolution, the worst-classified test
 * images with their top predictions, and the settings, data, timing and fingerprint. Pictures are inline PNG,
 * charts inline SVG, styles inline; the page loads nothing and runs no script.
 *
 * <pre>{@code
 * TrainingReport.of(model).test(data.test()).history(Epoch.of(reports)).write(Path.of("target/fovea/LeNet5.html"));
 * }</pre>
 */
public final class TrainingReport {
  private final Model model;
  private final List<Epoch> history = new ArrayList<>();
  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
  private String title;
  private Dataset test;
  private Evaluation evaluation;
  private String constantRate;
  private int topK = 3;
  private int worst = 12;
  private int featureImage;

  private TrainingReport(Model model) {
    this.model = Objects.requireNonNull(model, "model");
    this.title = model.name();
  }

  /** A report on {@code model} as its parameters are now. */
  public static TrainingReport of(Model model) {
    return new TrainingReport(model);
  }

  /** The page's heading; the network's name by default. */
  public TrainingReport title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** Test data, preprocessed as the model was trained; without it the page has no test-set sections. */
  public TrainingReport test(Dataset test) {
    if (test.imageSize() != model.inputSize() || test.classes() > model.outputSize()) {
      throw new IllegalArgumentException(test + " does not fit " + model.name());
    }
    this.test = test;
    return this;
  }

  /** Metrics already measured on the test data (as fovea:evaluate does), so they are not measured again. */
  public TrainingReport evaluation(Evaluation evaluation) {
    this.evaluation = evaluation;
    return this;
  }

  /** How many predictions each worst-classified image lists (3 by default). */
  public TrainingReport topK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("topK must be positive, not " + k);
    }
    this.topK = k;
    return this;
  }

  /** How many worst-classified test images to show (12 by default). */
  public TrainingReport worst(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("worst must not be negative, not " + count);
    }
    this.worst = count;
    return this;
  }

  /** Which test image's feature maps to show (the first by default). */
  public TrainingReport featureImage(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("featureImage is an index into the test data, not " + index);
    }
    this.featureImage = index;
    return this;
  }

  /** The training history, one entry per epoch, replacing any earlier one. */
  public TrainingReport history(List<Epoch> epochs) {
    history.clear();
    history.addAll(epochs);
    return this;
  }

  /** The learning rate, when it did not change during training (said under the charts). */
  public TrainingReport learningRate(double rate) {
    this.constantRate = Html.number(rate);
    return this;
  }

  /** A table of names and values under {@code title} (e.g. "Settings"), merged into one of the same title. */
  public TrainingReport section(String title, Map<String, ?> values) {
    Map<String, String> table = sections.computeIfAbsent(title, t -> new LinkedHashMap<>());
    values.forEach((k, v) -> table.put(k, String.valueOf(v)));
    return this;
  }

  /** History, learning rate, settings, data, timing and fingerprint from the JSON fovea:train writes. */
  public TrainingReport metadata(Map<String, ?> json) {
    MetadataSections.apply(this, json);
    return this;
  }

  /** Writes the page to {@code file} atomically, creating its directory. */
  public Path write(Path file) {
    String page = html();
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DataFileException(dir, "cannot create the report's directory: " + e.getMessage(), e);
    }
    AtomicFiles.write(file, page.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** The page. Measures the test data when metrics were not given. */
  public String html() {
    long start = System.nanoTime();
    NetworkPlan plan = LayerTrace.plan(model);
    float[] params = model.parameters();
    List<String> labels = model.labels();
    StringBuilder body = new StringBuilder();
    Evaluation e = evaluation;
    if (test != null && e == null) {
      long t = System.nanoTime();
      e = Evaluator.evaluate(model, test, topK);
      section("Timing", Map.of("evaluation", seconds(System.nanoTime() - t)));
    }
    body.append(cards(e));
    body.append(section("Model", Sections.summary(plan)));
    body.append(section("Training", Sections.training(history, constantRate)));
    if (test == null) {
      body.append(section("Test set", "<p class=\"note\">" + Sections.NO_TEST + "</p>"));
    } else {
      body.append(section("Confusion matrix on " + test.name(), Sections.confusion(e, labels)));
    }
    body.append(section("First convolution's kernels", Sections.kernels(plan, params)));
    if (test != null && test.size() > 0) {
      if (featureImage >= test.size()) {
        throw new IllegalArgumentException("featureImage " + featureImage + " is beyond the " + test.size()
            + " images of " + test.name());
      }
      int index = featureImage;
      List<LayerTrace.Output> outputs = LayerTrace.forward(plan, params, test.images(), test.offset(index));
      body.append(section("Feature maps", Sections.featureMaps(test, index, outputs, labels,
          model.replica().predict(test.images(), test.offset(index)))));
      body.append(section("Worst-classified test images", Sections.worst(test,
          Predictions.worst(model, test, worst, topK), labels)));
      section("Data", Map.of("test data", test.name() + " (" + Html.count(test.size()) + " images)"));
    }
    section("Timing", Map.of(e == evaluation ? "this report" : "this report, evaluation included",
        seconds(System.nanoTime() - start)));
    StringBuilder details = new StringBuilder("<div class=\"grid2\">");
    // A table with long unbreakable values (hashes) gets a whole row, so they do not wrap into columns of hex.
    sections.forEach((name, rows) -> details.append(rows.values().stream().anyMatch(v -> v.matches("\\S{41,}"))
        ? "<div class=\"wide\">" : "<div>").append("<h3>").append(Html.esc(name)).append("</h3>")
        .append(Html.keyValues(rows)).append("</div>"));
    body.append(section("Settings, data, timing and fingerprint", details.append("</div>").toString()));
    return page(body.toString());
  }

  private String cards(Evaluation e) {
    StringBuilder sb = new StringBuilder("<div class=\"cards\">");
    if (e != null) {
      card(sb, "test accuracy", Html.percent(e.accuracy()));
      card(sb, "top-" + e.topK() + " accuracy", Html.percent(e.topKAccuracy()));
      card(sb, "test loss", String.format(Locale.ROOT, "%.4f", e.loss()));
    }
    if (!history.isEmpty()) {
      Epoch last = history.get(history.size() - 1);
      card(sb, "training accuracy", Double.isNaN(last.accuracy()) ? "n/a" : Html.percent(last.accuracy()));
      if (!Double.isNaN(last.validationAccuracy())) {
        card(sb, "validation accuracy", Html.percent(last.validationAccuracy()));
      }
      card(sb, "epochs", Integer.toString(history.size()));
    }
    card(sb, "parameters", Html.count(model.parameterCount()));
    return sb.append("</div>").toString();
  }

  private static void card(StringBuilder sb, String name, String value) {
    sb.append("<div class=\"card\"><span>").append(Html.esc(name)).append("</span><b>").append(Html.esc(value))
        .append("</b></div>");
  }

  private static String section(String heading, String content) {
    // An id per section, so that a link (or a screenshot) can point at it: #confusion-matrix-on-...
    String id = heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return "<section id=\"" + id + "\"><h2>" + Html.esc(heading) + "</h2>" + content + "</section>\n";
  }

  private String page(String body) {
    String subtitle = model.generatedClass().getName() + ", " + model.backend() + " backend, "
        + Html.count(model.parameterCount()) + " parameters, input " + model.inputChannels() + " x "
        + model.inputHeight() + " x " + model.inputWidth() + ", " + model.outputSize() + " classes";
    // The policy makes the page's promise checkable: a browser refuses, and reports, anything it would fetch.
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        + "style-src 'unsafe-inline'\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + Html.esc(title) + " - Fovea report</title><style>" + Html.CSS + "</style></head><body>"
        + "<header><h1>" + Html.esc(title) + "</h1><p>" + Html.esc(subtitle) + "</p></header><main>\n" + body
        + "<footer>Written by Fovea. Self-contained: no scripts, fonts or other files.</footer></main></body></html>\n";
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
