package dev.fovea.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;

/** HTML text escaping, number formats and the report's one style sheet. */
final class Html {
  private Html() {}

  /** Text safe inside an element or a quoted attribute. */
  static String esc(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** At most four significant digits, no trailing zeros, an exponent only for the very small or large. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    double a = Math.abs(v);
    return a < 1e-4 || a >= 1e9 ? String.format(Locale.ROOT, "%.3e", v)
        : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** A two-column table of names and values. */
  static String keyValues(Map<String, String> rows) {
    StringBuilder sb = new StringBuilder("<table class=\"kv\">");
    rows.forEach((k, v) -> sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
        .append("</td></tr>"));
    return sb.append("</table>").toString();
  }

  /** Inline styles; no fonts or anything else are fetched. */
  static final String CSS = """
      :root { --ink: #1d2330; --muted: #5b6577; --line: #dde2ea; --card: #fff; --bg: #f3f5f9; --accent: #2563eb; }
      * { box-sizing: border-box; }
      body { margin: 0; background: var(--bg); color: var(--ink);
             font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
      header { background: #1d2330; color: #fff; padding: 22px 32px 18px; }
      header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
      header p { margin: 0; color: #c5cbd8; }
      main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
      section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px 18px;
                margin: 0 0 18px; }
      h2 { font-size: 17px; margin: 0 0 12px; }
      h3 { font-size: 14px; margin: 14px 0 8px; color: var(--muted); font-weight: 600; }
      p.note { color: var(--muted); margin: 6px 0 0; }
      .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 18px; }
      .card { flex: 1 1 150px; background: var(--card); border: 1px solid var(--line); border-radius: 10px;
              padding: 12px 16px; }
      .card b { display: block; font-size: 22px; font-weight: 650; }
      .card span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
      table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
      th, td { padding: 4px 10px; text-align: right; border-bottom: 1px solid var(--line); }
      th:first-child, td:first-child { text-align: left; }
      thead th { color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
      table.kv th { text-align: left; color: var(--muted); font-weight: 500; padding-right: 18px; white-space: nowrap;
                vertical-align: top; }
      table.kv td { text-align: left; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
                    font-size: 12.5px; }
      .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px 20px; }
      .grid2 .wide { grid-column: 1 / -1; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 8px 20px; }
      svg.chart { width: 100%; height: auto; display: block; }
      svg.chart .grid { stroke: #e8ebf0; }
      svg.chart .axis { stroke: #9aa3b2; }
      svg.chart .tick, svg.chart .axis-label { fill: var(--muted); font-size: 11px; }
      svg.chart .chart-title { fill: var(--ink); font-size: 13px; font-weight: 600; }
      svg.chart .legend { fill: var(--ink); font-size: 11.5px; }
      table.confusion td.cell { text-align: center; min-width: 38px; padding: 5px 4px; font-size: 12.5px; }
      table.confusion th.col { text-align: center; }
      table.confusion td.metric { padding-left: 14px; }
      .pix { image-rendering: pixelated; image-rendering: crisp-edges; display: block; border: 1px solid #cfd5df;
             border-radius: 3px; }
      .tiles { display: flex; flex-wrap: wrap; gap: 6px; }
      .tile { text-align: center; font-size: 11px; color: var(--muted); }
      .layer { display: flex; gap: 14px; align-items: flex-start; margin: 10px 0; }
      .layer .name { min-width: 120px; font-size: 12.5px; }
      .layer .name b { display: block; font-size: 13px; color: var(--ink); }
      .worst { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
      .miss { display: flex; gap: 10px; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
      .miss ol { margin: 2px 0 0; padding-left: 18px; font-size: 12px; }
      .miss li { white-space: nowrap; }
      .miss .truth { font-size: 12px; color: var(--muted); }
      .miss li.right { color: #0a7d32; font-weight: 600; }
      .scale { display: flex; align-items: center; gap: 6px; font-size: 11px; color: var(--muted); margin-top: 8px; }
      .scale i { display: inline-block; width: 120px; height: 10px; border-radius: 2px; }
      footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
      """;
}
