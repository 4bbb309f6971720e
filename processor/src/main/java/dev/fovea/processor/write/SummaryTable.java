package dev.fovea.processor.write;

import static dev.fovea.processor.op.BatchNormKind.COUNTER;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.ParamPlan;
import java.util.Locale;

/**
 * Formats the model table: per layer output shape, parameters, multiply-adds, activation memory, receptive field,
 * and for a graph the layers each one reads (Keras' "Connected to").
 */
public final class SummaryTable {
  /** The columns after the first; the first is as wide as the longest "name (kind)", at least 22. */
  private static final String COLUMNS = " %-15s %10s %13s %12s %10s";
  private static final int MIN_NAME_WIDTH = 22;

  private final String format;
  private final int width;

  private SummaryTable(int nameWidth, boolean graph) {
    this.format = "%-" + nameWidth + "s" + COLUMNS + (graph ? "  %s" : "");
    this.width = nameWidth + 65 + (graph ? 13 : 0);
  }

  public static String format(NetworkPlan plan) {
    int nameWidth = MIN_NAME_WIDTH;
    for (LayerPlan layer : plan.layers()) {
      nameWidth = Math.max(nameWidth, label(layer).length());
    }
    return new SummaryTable(nameWidth, isGraph(plan)).table(plan);
  }

  private static String label(LayerPlan layer) {
    return layer.name() + " (" + layer.spec().kindName() + ")";
  }

  private String table(NetworkPlan plan) {
    StringBuilder text = new StringBuilder();
    text.append(row("Layer (type)", "Output shape", "Params", "Mult-adds", "Activations", "Receptive",
        "Reads"));
    text.append("-".repeat(width)).append('\n');
    var input = plan.input();
    boolean sequence = input.sequence();
    text.append(row("input (Input)", input, "0", "0", bytes(4L * input.size()), sequence ? "1" : "1x1", ""));
    long params = 0;
    long state = 0;
    long counters = 0;
    long macs = 0;
    long memory = 4L * input.size();
    for (LayerPlan layer : plan.layers()) {
      text.append(row(label(layer),
          layer.output(), count(layer.trainableCount()), count(layer.multiplyAdds()),
          bytes(layer.activationBytes()),
          sequence ? String.valueOf(layer.receptiveWidth()) : layer.receptiveHeight() + "x" + layer.receptiveWidth(),
          String.join(", ", layer.sources().stream().map(Source::name).toList())));
      params += layer.trainableCount();
      state += layer.parameterCount() - layer.trainableCount();
      counters += layer.params().stream().filter(p -> p.init().equals(COUNTER)).mapToLong(ParamPlan::length).sum();
      macs += layer.multiplyAdds();
      memory += layer.activationBytes();
    }
    text.append("-".repeat(width)).append('\n');
    text.append(String.format(Locale.ROOT, "Total parameters: %s (%s as float32)%n", count(params), bytes(4 * params)));
    if (state > 0) {
      // Keras counts the running statistics as non-trainable parameters but keeps no counter: both are shown
      // so its total (trainable plus statistics) can be read off.
      text.append(String.format(Locale.ROOT, "Non-trainable state: %s (%s batch-norm running statistics and %s "
          + "counters, saved with the parameters)%n", count(state), count(state - counters), count(counters)));
    }
    long fixed = plan.layers().stream().mapToLong(layer -> layer.spec().fixedWeights()).sum();
    if (fixed > 0) {
      // Fixed kernels and Gaussian pooling: constants of the generated code, not in the parameter file.
      text.append(String.format(Locale.ROOT, "Fixed weights: %s (constants of the generated code, not trained)%n",
          count(fixed)));
    }
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

  /** One row; the last cell (what the layer reads) is shown for graphs only. */
  private String row(Object... cells) {
    // The input row reads nothing: no trailing blanks after its last column.
    return String.format(Locale.ROOT, format, cells).stripTrailing() + "\n";
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
