package dev.fovea.report;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's sections as HTML fragments: the model table, charts, confusion heat map and pictures. */
final class Sections {
  /** Shown where the training history is not known; tests reference it. */
  static final String NO_HISTORY = "No training history was given.";
  /** Shown when the history has no validation metrics; tests reference it. */
  static final String NO_VALIDATION = "No validation metrics were recorded during training.";
  /** Shown when the history has no per-epoch learning rate; tests reference it. */
  static final String NO_SCHEDULE = "No per-epoch learning rate was recorded";
  /** Shown instead of the test-set sections when there is no test data. */
  static final String NO_TEST = "No test data was given.";

  private static final String TRAIN = "#2563eb";
  private static final String VALIDATION = "#ea580c";

  private Sections() {}

  static String summary(NetworkPlan plan) {
    StringBuilder sb = new StringBuilder("<table class=\"summary\"><thead><tr><th>Layer (type)</th><th>Output shape"
        + "</th><th>Activation</th><th>Params</th><th>Mult-adds</th><th>Activations</th><th>Receptive field</th>"
        + "</tr></thead><tbody>");
    Shape in = plan.input();
    row(sb, "input (Input)", in.toString(), "", 0, 0, 4L * in.size(), "1 x 1");
    long params = 0;
    long adds = 0;
    long memory = 4L * in.size();
    for (LayerPlan l : plan.layers()) {
      // Pooling and other parameter-free layers without an activation of their own say nothing rather than LINEAR.
      Activation a = l.spec().activation();
      String activation = l.params().isEmpty() && a == Activation.LINEAR ? "" : a.name().toLowerCase(Locale.ROOT);
      row(sb, l.name() + " (" + l.spec().kindName() + ")", l.output().toString(), activation, l.parameterCount(),
          l.multiplyAdds(), l.activationBytes(), l.receptiveHeight() + " x " + l.receptiveWidth());
      params += l.parameterCount();
      adds += l.multiplyAdds();
      memory += l.activationBytes();
    }
    sb.append("</tbody><tfoot>");
    row(sb, "Total", "", "", params, adds, memory, "");
    sb.append("</tfoot></table>");
    return sb.append(String.format(Locale.ROOT, "<p class=\"note\">%s parameters (%s as float32); %s multiply-adds "
        + "and %s of activations per sample.</p>", Html.count(params), bytes(4 * params), Html.count(adds),
        bytes(memory))).toString();
  }

  private static void row(StringBuilder sb, String name, String shape, String activation, long params, long adds,
      long bytes, String receptive) {
    sb.append("<tr><td>").append(Html.esc(name)).append("</td><td>").append(shape).append("</td><td>")
        .append(activation).append("</td><td>").append(Html.count(params)).append("</td><td>")
        .append(Html.count(adds)).append("</td><td>").append(bytes(bytes)).append("</td><td>").append(receptive)
        .append("</td></tr>");
  }

  static String bytes(long b) {
    return b < 1024 ? b + " B" : b < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }

  static String training(List<Epoch> epochs, String constantRate) {
    if (epochs.isEmpty()) {
      return "<p class=\"note\">" + NO_HISTORY + "</p>";
    }
    boolean validation = Epoch.any(epochs, Epoch::validationLoss) || Epoch.any(epochs, Epoch::validationAccuracy);
    boolean schedule = Epoch.any(epochs, Epoch::learningRate);
    StringBuilder sb = new StringBuilder("<div class=\"charts\">");
    sb.append(Charts.lines("Loss", series(epochs, Epoch::loss, Epoch::validationLoss, validation), Html::number));
    sb.append(Charts.lines("Accuracy", series(epochs, Epoch::accuracy, Epoch::validationAccuracy, validation),
        v -> String.format(Locale.ROOT, "%.0f %%", v * 100)));
    if (schedule) {
      sb.append(Charts.lines("Learning rate", List.of(new Charts.Series("learning rate", "#7c3aed",
          values(epochs, Epoch::learningRate), false)), Html::number));
    }
    sb.append("</div>");
    if (!validation) {
      sb.append("<p class=\"note\">").append(NO_VALIDATION).append("</p>");
    }
    if (!schedule) {
      sb.append("<p class=\"note\">").append(NO_SCHEDULE)
          .append(constantRate == null ? "." : "; the learning rate was " + Html.esc(constantRate) + " throughout.")
          .append("</p>");
    }
    sb.append("<h3>Per epoch</h3><table><thead><tr><th>Epoch</th><th>Loss</th><th>Accuracy</th>");
    if (validation) {
      sb.append("<th>Validation loss</th><th>Validation accuracy</th>");
    }
    if (schedule) {
      sb.append("<th>Learning rate</th>");
    }
    sb.append("<th>Time</th></tr></thead><tbody>");
    for (Epoch e : epochs) {
      sb.append("<tr><td>").append(e.epoch()).append("</td><td>").append(fixed(e.loss(), "%.4f")).append("</td><td>")
          .append(pct(e.accuracy())).append("</td>");
      if (validation) {
        sb.append("<td>").append(fixed(e.validationLoss(), "%.4f")).append("</td><td>")
            .append(pct(e.validationAccuracy())).append("</td>");
      }
      if (schedule) {
        sb.append("<td>").append(Double.isNaN(e.learningRate()) ? "" : Html.number(e.learningRate())).append("</td>");
      }
      sb.append("<td>").append(fixed(e.seconds(), "%.1f s")).append("</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  private static List<Charts.Series> series(List<Epoch> epochs, java.util.function.ToDoubleFunction<Epoch> train,
      java.util.function.ToDoubleFunction<Epoch> validation, boolean withValidation) {
    List<Charts.Series> list = new ArrayList<>();
    list.add(new Charts.Series("training", TRAIN, values(epochs, train), false));
    if (withValidation) {
      list.add(new Charts.Series("validation", VALIDATION, values(epochs, validation), true));
    }
    return list;
  }

  private static double[] values(List<Epoch> epochs, java.util.function.ToDoubleFunction<Epoch> value) {
    return epochs.stream().mapToDouble(value).toArray();
  }

  private static String fixed(double v, String format) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "" : Html.percent(v);
  }

  static String confusion(Evaluation e, List<String> labels) {
    int[][] m = e.confusion();
    int n = m.length;
    // Columns are numbered like the rows: full names there would make the table too wide for ten classes.
    StringBuilder sb = new StringBuilder("<table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
    for (int j = 0; j < n; j++) {
      sb.append("<th class=\"col\" title=\"").append(Html.esc(labels.get(j))).append("\">").append(j).append("</th>");
    }
    sb.append("<th>Precision</th><th>Recall</th><th>Images</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
      long total = 0;
      for (int v : m[i]) {
        total += v;
      }
      sb.append("<tr><th>").append(i).append(' ').append(Html.esc(labels.get(i))).append("</th>");
      for (int j = 0; j < n; j++) {
        // Shaded by the share of the true class, so rare classes are as readable as common ones.
        double share = total == 0 ? 0 : (double) m[i][j] / total;
        int bg = i == j ? Colors.heat(share) : mixError(share);
        sb.append(String.format(Locale.ROOT, "<td class=\"cell\" style=\"background:%s;color:%s\" title=\"true %s, "
            + "predicted %s: %d (%.1f %% of %s)\">%d</td>", Colors.css(bg), Colors.textOn(bg), Html.esc(labels.get(i)),
            Html.esc(labels.get(j)), m[i][j], share * 100, Html.esc(labels.get(i)), m[i][j]));
      }
      sb.append("<td class=\"metric\">").append(Html.percent(e.precision(i))).append("</td><td>")
          .append(Html.percent(e.recall(i))).append("</td><td>").append(Html.count(total)).append("</td></tr>");
    }
    sb.append("</tbody></table>");
    return sb.append("<div class=\"scale\">Rows: true class; columns: predicted class, numbered as the rows. "
        + "Shade: share of the row, 0 <i style=\"background:linear-gradient(90deg,"
        + "#fff,#08306b)\"></i> 100 % on the diagonal, 0 <i style=\"background:linear-gradient(90deg,#fff,#b2182b)"
        + "\"></i> 50 %+ off it</div>").toString();
  }

  private static int mixError(double share) {
    return Colors.diverging(Math.min(1, share * 2));
  }

  /** The first convolution's kernels, one row of input channels per filter, on one symmetric colour scale. */
  static String kernels(NetworkPlan plan, float[] params) {
    LayerPlan conv = plan.layers().stream().filter(l -> l.spec() instanceof Conv2DSpec).findFirst().orElse(null);
    if (conv == null) {
      return "<p class=\"note\">The network has no convolution.</p>";
    }
    ParamPlan w = conv.weight().orElseThrow();
    int filters = w.shape().get(0);
    int channels = w.shape().get(1);
    int kh = w.shape().get(2);
    int kw = w.shape().get(3);
    float maxAbs = 1e-12f;
    for (int i = 0; i < w.length(); i++) {
      maxAbs = Math.max(maxAbs, Math.abs(params[w.offset() + i]));
    }
    int size = Math.max(64, 12 * Math.max(kh, kw));
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<p class=\"note\">%s: %d filters of %d x %d x "
        + "%d, blue negative, red positive, on one scale (largest |weight| %.3g).</p><div class=\"tiles\">",
        Html.esc(conv.name()), filters, channels, kh, kw, maxAbs));
    for (int f = 0; f < filters; f++) {
      for (int c = 0; c < channels; c++) {
        int[] rgb = new int[kh * kw];
        for (int i = 0; i < rgb.length; i++) {
          rgb[i] = Colors.diverging(params[w.offset() + (f * channels + c) * kh * kw + i] / maxAbs);
        }
        String caption = channels == 1 ? "#" + f : "#" + f + " ch " + c;
        sb.append(tile(Png.dataUri(kw, kh, rgb), size * kw / Math.max(kh, kw), size * kh / Math.max(kh, kw), caption,
            conv.name() + " filter " + f + ", input channel " + c));
      }
    }
    return sb.append("</div>").toString();
  }

  /** The test image and every convolution's output channels for it. */
  static String featureMaps(Dataset test, int index, List<LayerTrace.Output> outputs, List<String> labels,
      int predicted) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<p class=\"note\">Test image %d (true: %s, "
        + "predicted: %s); each map stretched from its own minimum (dark) to maximum (yellow).</p>", index,
        Html.esc(labels.get(test.labels()[index])), Html.esc(labels.get(predicted))));
    sb.append("<div class=\"layer\"><div class=\"name\"><b>input</b>").append(test.channels()).append(" x ")
        .append(test.height()).append(" x ").append(test.width()).append("</div><div class=\"tiles\">");
    int area = test.height() * test.width();
    for (int c = 0; c < test.channels(); c++) {
      sb.append(tile(Colors.plane(test.images(), test.offset(index) + c * area, test.height(), test.width(), false),
          112 * test.width() / Math.max(test.height(), test.width()),
          112 * test.height() / Math.max(test.height(), test.width()), "", "input channel " + c));
    }
    sb.append("</div></div>");
    for (LayerTrace.Output out : outputs) {
      if (!(out.layer().spec() instanceof Conv2DSpec)) {
        continue;
      }
      Shape s = out.layer().output();
      int big = Math.max(s.height(), s.width());
      int scale = Math.max(48, Math.min(96, 3 * big));
      sb.append("<div class=\"layer\"><div class=\"name\"><b>").append(Html.esc(out.layer().name())).append("</b>")
          .append(s.channels()).append(" x ").append(s.height()).append(" x ").append(s.width())
          .append("<br>").append(out.layer().spec().activation().name().toLowerCase(Locale.ROOT))
          .append("</div><div class=\"tiles\">");
      for (int c = 0; c < s.channels(); c++) {
        sb.append(tile(Colors.plane(out.values(), c * s.area(), s.height(), s.width(), true),
            scale * s.width() / big, scale * s.height() / big, "#" + c, out.layer().name() + " channel " + c));
      }
      sb.append("</div></div>");
    }
    return sb.toString();
  }

  static String worst(Dataset test, List<Predictions.Miss> misses, List<String> labels) {
    if (misses.isEmpty()) {
      return "<p class=\"note\">Every test image is classified correctly.</p>";
    }
    StringBuilder sb = new StringBuilder("<div class=\"worst\">");
    for (Predictions.Miss m : misses) {
      // The first channel stands for the image: enough to see what was confused with what.
      sb.append("<div class=\"miss\">").append(tile(Colors.plane(test.images(), test.offset(m.index()), test.height(),
          test.width(), false), 76, 76 * test.height() / test.width(), "#" + m.index(), "test image " + m.index()));
      sb.append("<div><div class=\"truth\">true: <b>").append(Html.esc(labels.get(m.label())))
          .append(String.format(Locale.ROOT, "</b> (%.1f %%)</div><ol>", m.trueProbability() * 100));
      for (int j = 0; j < m.top().length; j++) {
        sb.append(m.top()[j] == m.label() ? "<li class=\"right\">" : "<li>").append(Html.esc(labels.get(m.top()[j])))
            .append(String.format(Locale.ROOT, " %.1f %%</li>", m.probabilities()[j] * 100));
      }
      sb.append("</ol></div></div>");
    }
    return sb.append("</div>").toString();
  }

  private static String tile(String src, int width, int height, String caption, String alt) {
    return String.format(Locale.ROOT, "<div class=\"tile\"><img class=\"pix\" src=\"%s\" width=\"%d\" height=\"%d\" "
        + "alt=\"%s\">%s</div>", src, width, height, Html.esc(alt), Html.esc(caption));
  }
}
