package dev.fovea.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Per-epoch line charts as inline SVG: axes with round ticks, one line per series, a legend, hover titles. */
final class Charts {
  private static final int WIDTH = 460;
  private static final int HEIGHT = 250;
  private static final int LEFT = 58;
  private static final int RIGHT = 14;
  private static final int TOP = 34;
  private static final int BOTTOM = 40;

  private Charts() {}

  /** One line: a value per epoch, NaN where the epoch has none. */
  record Series(String name, String color, double[] values, boolean dashed) {}

  /** A chart of {@code series} over epochs 1..n; {@code format} labels the y ticks and hover titles. */
  static String lines(String title, List<Series> series, DoubleFunction<String> format) {
    int n = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-12) {   // one epoch, or a constant learning rate: give the line some room
      double pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
      lo -= pad;
      hi += pad;
    }
    double step = niceStep((hi - lo) / 4);
    double bottom = Math.floor(lo / step) * step;
    double top = Math.ceil(hi / step) * step;
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.esc(title)).append("</title>");
    svg.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"16\">").append(Html.esc(title))
        .append("</text>");
    // y grid and ticks
    for (double v = bottom; v <= top + step / 2; v += step) {
      double y = TOP + plotH - (v - bottom) / (top - bottom) * plotH;
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
          LEFT, LEFT + plotW, y, y));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 4, Html.esc(format.apply(Math.abs(v) < step * 1e-9 ? 0 : v))));
    }
    // x ticks: every epoch when few, else about eight
    int every = Math.max(1, (int) Math.ceil(n / 8.0));
    for (int i = 0; i < n; i++) {
      if (i % every == 0 || i == n - 1) {
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d"
            + "</text>", x(i, n, plotW), HEIGHT - BOTTOM + 16, i + 1));
      }
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
        LEFT, LEFT + plotW, TOP + plotH, TOP + plotH));
    svg.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
        + "epoch</text>", LEFT + plotW / 2, HEIGHT - 6));
    double legendX = WIDTH - RIGHT;
    for (int k = series.size() - 1; k >= 0; k--) {
      Series s = series.get(k);
      int textWidth = 7 * s.name().length();
      legendX -= textWidth + 28;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"12\" y2=\"12\" stroke=\"%s\" "
          + "stroke-width=\"2.5\"%s/><text class=\"legend\" x=\"%.1f\" y=\"16\">%s</text>", legendX, legendX + 18,
          s.color(), s.dashed() ? " stroke-dasharray=\"5 3\"" : "", legendX + 22, Html.esc(s.name())));
    }
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < s.values().length; i++) {
        double v = s.values()[i];
        if (!Double.isFinite(v)) {
          continue;
        }
        double x = x(i, n, plotW);
        double y = TOP + plotH - (v - bottom) / (top - bottom) * plotH;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"><title>%s, "
            + "epoch %d: %s</title></circle>", x, y, s.color(), Html.esc(s.name()), i + 1, Html.esc(format.apply(v))));
      }
      svg.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2.2\"")
          .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "").append(" points=\"").append(points.toString().strip())
          .append("\"/>").append(dots);
    }
    return svg.append("</svg>").toString();
  }

  private static double x(int i, int n, double plotW) {
    return n <= 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (n - 1);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }
}
