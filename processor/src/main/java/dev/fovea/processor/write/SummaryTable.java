package dev.fovea.processor.write;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import java.util.Locale;

/** Formats the model table: per layer output shape, parameters, multiply-adds, activation memory, receptive field. */
public final class SummaryTable {
  private static final String ROW = "%-22s %-15s %10s %13s %12s %10s%n";

  private SummaryTable() {}

  public static String format(NetworkPlan plan) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, ROW, "Layer (type)", "Output shape", "Params", "Mult-adds",
        "Activations", "Receptive"));
    text.append("-".repeat(87)).append('\n');
    var input = plan.input();
    text.append(String.format(Locale.ROOT, ROW, "input (Input)", input, "0", "0", bytes(4L * input.size()), "1x1"));
    long params = 0;
    long macs = 0;
    long memory = 4L * input.size();
    for (LayerPlan layer : plan.layers()) {
      text.append(String.format(Locale.ROOT, ROW, layer.name() + " (" + layer.spec().kindName() + ")",
          layer.output(), count(layer.parameterCount()), count(layer.multiplyAdds()),
          bytes(layer.activationBytes()), layer.receptiveHeight() + "x" + layer.receptiveWidth()));
      params += layer.parameterCount();
      macs += layer.multiplyAdds();
      memory += layer.activationBytes();
    }
    text.append("-".repeat(87)).append('\n');
    text.append(String.format(Locale.ROOT, "Total parameters: %s (%s as float32)%n", count(params), bytes(4 * params)));
    text.append(String.format(Locale.ROOT, "Total multiply-adds per sample: %s%n", count(macs)));
    text.append(String.format(Locale.ROOT, "Activation memory per sample: %s%n", bytes(memory)));
    return text.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
  }
}
