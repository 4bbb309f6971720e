package dev.fovea.benchmarks;

import dev.fovea.runtime.Model;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link LayerBenchmark} (JMH options as arguments) and prints each layer's GFLOP/s = 2 x multiply-adds / time. */
public final class LayerFlops {

  private static final Pattern MULT_ADDS = Pattern.compile("Total multiply-adds per sample: ([0-9,]+)");
  private static final Pattern SHAPE = Pattern.compile("\\[[0-9, ]+\\]");

  private LayerFlops() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .parent(cli)
        .include(LayerBenchmark.class.getName() + "\\.")
        .build()).run();

    System.out.println();
    System.out.println("Per-layer GFLOP/s (one sample; FLOPs = 2 x multiply-adds; median of the measurement iterations)");
    System.out.println("Backward = the weight (and bias) gradient only: each layer is its network's first layer, which");
    System.out.println("computes no input gradient, so backward does the same multiply-adds as forward.");
    System.out.printf(Locale.ROOT, "%-10s %-12s %-14s %11s %12s %10s %12s %10s%n",
        "layer", "input", "output", "mult-adds", "forward ns", "GFLOP/s", "backward ns", "GFLOP/s");
    for (String layer : LayerNetworks.BY_NAME.keySet()) {
      Double forward = median(results, layer, "forward");
      Double backward = median(results, layer, "backward");
      if (forward == null && backward == null) {
        continue;
      }
      Model model = Model.forNetwork(LayerNetworks.BY_NAME.get(layer));
      long multAdds = multAdds(model);
      String input = "[" + model.inputChannels() + ", " + model.inputHeight() + ", " + model.inputWidth() + "]";
      System.out.printf(Locale.ROOT, "%-10s %-12s %-14s %,11d %12s %10s %12s %10s%n",
          layer, input, outputShape(model), multAdds,
          nanos(forward), gflops(multAdds, forward), nanos(backward), gflops(multAdds, backward));
    }
  }

  /** Multiply-adds per sample, from the generated summary. */
  static long multAdds(Model model) {
    return multAdds(model.summary());
  }

  /** The multiply-add total of a generated summary. */
  static long multAdds(String summary) {
    Matcher m = MULT_ADDS.matcher(summary);
    if (!m.find()) {
      throw new IllegalStateException("a summary without a multiply-add total:\n" + summary);
    }
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** The output shape of the (only) layer: the last bracketed shape of the summary's layer rows. */
  private static String outputShape(Model model) {
    Matcher m = SHAPE.matcher(model.summary());
    String last = "?";
    while (m.find()) {
      last = m.group();
    }
    return last;
  }

  private static Double median(Collection<RunResult> results, String layer, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method) && layer.equals(r.getParams().getParam("layer"))) {
        return r.getPrimaryResult().getStatistics().getPercentile(50);
      }
    }
    return null;
  }

  private static String nanos(Double ns) {
    return ns == null ? "-" : String.format(Locale.ROOT, "%,.0f", ns);
  }

  private static String gflops(long multAdds, Double ns) {
    return ns == null ? "-" : String.format(Locale.ROOT, "%.2f", 2.0 * multAdds / ns);
  }
}
