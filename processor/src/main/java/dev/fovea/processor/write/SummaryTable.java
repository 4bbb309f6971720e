package dev.fovea.processor.write;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * Formats the model table: per layer output shape, parameters, multiply-adds, activation memory, receptive field,
 * and for a graph the layers each one reads (Keras' "Connected to").
 */
public final class SummaryTable {
  private static final String ROW = "%-22s %-15s %10s %13s %12s %10s%n";
  private static final String GRAPH_ROW = "%-22s %-15s %10s %13s %12s %10s  %s%n";
  private static final int WIDE = 100;

  private SummaryTable() {}

  public static String format(NetworkPlan plan) {
    boolean graph = isGraph(plan);
    StringBuilder text = new StringBuilder();
    text.append(row(graph, "Layer (type)", "Output shape", "Params", "Mult-adds", "Activations", "Receptive",
        "Reads"));
    text.append("-".repeat(graph ? WIDE : 87)).append('\n');
    var input = plan.input();
    text.append(row(graph, "input (Input)", input, "0", "0", bytes(4L * input.size()), "1x1", ""));
    long params = 0;
    long macs = 0;
    long memory = 4L * input.size();
    for (LayerPlan layer : plan.layers()) {
      text.append(row(graph, layer.name() + " (" + layer.spec().kindName() + ")",
          layer.output(), count(layer.parameterCount()), count(layer.multiplyAdds()),
          bytes(layer.activationBytes()), layer.receptiveHeight() + "x" + layer.receptiveWidth(),
          String.join(", ", layer.sources().stream().map(Source::name).toList())));
      params += layer.parameterCount();
      macs += layer.multiplyAdds();
      memory += layer.activationBytes();
    }
    text.append("-".repeat(graph ? WIDE : 87)).append('\n');
    text.append(String.format(Locale.ROOT, "Total parameters: %s (%s as float32)%n", count(params), bytes(4 * params)));
    text.append(String.format(Locale.ROOT, "Total multiply-adds per sample: %s%n", count(macs)));
    text.append(String.format(Locale.ROOT, "Activation memory per sample: %s%n", bytes(memory)));
    return text.toString();
  }

  /** Whether some layer reads other than the one layer above it, so the table says what each reads. */
  private static boolean isGraph(NetworkPlan plan) {
    for (LayerPlan layer : plan.layers()) {
      String above = layer.index() == 0 ? NetworkSpec.INPUT : plan.layers().get(layer.index() - 1).name();
      if (layer.sources().size() != 1 || !layer.sources().get(0).name().equals(above)) {
        return true;
      }
    }
    return false;
  }

  private static String row(boolean graph, Object... cells) {
    Object[] columns = graph ? cells : Arrays.copyOf(cells, cells.length - 1);
    // The input row reads nothing: no trailing blanks after its last column.
    return String.format(Locale.ROOT, graph ? GRAPH_ROW : ROW, columns).stripTrailing() + "\n";
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
