package dev.fovea.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads what the report shows out of the JSON fovea:train writes; keys it does not know are left out. */
final class MetadataSections {
  private MetadataSections() {}

  static void apply(TrainingReport report, Map<String, ?> json) {
    Map<?, ?> metrics = object(json, "metrics");
    Map<?, ?> settings = object(json, "settings");
    List<Epoch> epochs = new ArrayList<>();
    if (metrics.get("epochs") instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> m) {
          epochs.add(Epoch.fromJson(m, epochs.size() + 1));
        }
      }
    }
    report.history(epochs);
    if (settings.get("learningRate") instanceof Number rate) {
      report.learningRate(rate.doubleValue());
    }
    report.section("Settings", text(settings));
    // Whatever else training measured (final loss and accuracy, early stopping, ...), as recorded.
    Map<Object, Object> results = new LinkedHashMap<>(metrics);
    results.remove("epochs");
    results.remove("seconds");
    report.section("Training result", text(results));

    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "training data", json.get("data"));
    if (json.get("inputShape") instanceof List<?> shape) {
      data.put("input shape", shape.stream().map(String::valueOf).collect(Collectors.joining(" x ")));
    }
    if (json.get("labels") instanceof List<?> labels) {
      data.put("labels", labels.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    Map<?, ?> pre = object(json, "preprocessing");
    if (!pre.isEmpty()) {
      String scale = String.valueOf(pre.get("scale"));
      data.put("preprocessing", Boolean.TRUE.equals(pre.get("standardize"))
          ? String.format(Locale.ROOT, "%s, then (x - %s) / %s", scale, number(pre.get("mean")), number(pre.get("std")))
          : scale);
    }
    report.section("Data", data);

    Map<String, Object> timing = new LinkedHashMap<>();
    if (metrics.get("seconds") instanceof Number total) {
      timing.put("training", String.format(Locale.ROOT, "%.1f s", total.doubleValue()));
      double perEpoch = epochs.isEmpty() ? Double.NaN : total.doubleValue() / epochs.size();
      if (!Double.isNaN(perEpoch)) {
        timing.put("per epoch (mean)", String.format(Locale.ROOT, "%.2f s", perEpoch));
      }
    }
    report.section("Timing", timing);

    Map<String, Object> fingerprint = new LinkedHashMap<>();
    object(json, "fingerprint").forEach((k, v) -> fingerprint.put(k + " (SHA-256)", v));
    put(fingerprint, "weights (SHA-256)", json.get("weightsSha256"));
    put(fingerprint, "generated class", json.get("generatedClass"));
    put(fingerprint, "metadata format", json.get("format"));
    report.section("Fingerprint", fingerprint);
  }

  private static Map<?, ?> object(Map<?, ?> json, String key) {
    return json.get(key) instanceof Map<?, ?> m ? m : Map.of();
  }

  private static Map<String, Object> text(Map<?, ?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Number n ? number(n) : v));
    return out;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String number(Object v) {
    return v instanceof Number n ? Html.number(n.doubleValue()) : String.valueOf(v);
  }
}
