package dev.fovea.benchmarks;

import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code compare.sh} needs besides timings: the FLOPs per image of each workload, the vector width behind the
 * FMA peak, and the benchmarks' weights as safetensors (for the ONNX files the peers run).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.fovea.benchmarks.SittingFacts OUT_DIR</pre>
 *
 * writes {@code OUT_DIR/facts.json} and {@code OUT_DIR/W1.safetensors}, {@code W2.safetensors} and
 * {@code W3.safetensors}.
 */
public final class SittingFacts {

  /** One layer row of the generated summary: "name (Kind)  [shape]  params  mult-adds ...". */
  private static final Pattern ROW = Pattern.compile("(?m)^\\S+ \\(\\w+\\)\\s+\\[[^\\]]*\\]\\s+[0-9,]+\\s+([0-9,]+)");

  private SittingFacts() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SittingFacts OUT_DIR");
    }
    Path out = Files.createDirectories(Path.of(args[0]));
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"lanes\": %d, \"vector_bits\": %d", FmaPeakBenchmark.lanes(),
        FmaPeakBenchmark.SPECIES.vectorBitSize()));
    for (String name : new String[] {"W1", "W2", "W3"}) {
      Model model = Workloads.network(name);
      SafeTensors.save(model, out.resolve(name + ".safetensors"));
      long[] flops = flops(model.summary());
      json.append(String.format(Locale.ROOT, ", \"%s\": {\"forward_flops\": %d, \"train_flops\": %d}", name,
          flops[0], flops[1]));
    }
    json.append("}\n");
    Path tmp = out.resolve("facts.json.tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, out.resolve("facts.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.print(json);
  }

  /**
   * FLOPs per image {forward, training step}: forward = 2 x multiply-adds; training = forward + the weight gradient
   * + the input gradient (each as many multiply-adds as the forward), less the input gradient of the first layer,
   * which no one needs and Fovea does not compute (the convention of issue 14's table).
   */
  static long[] flops(String summary) {
    Matcher m = ROW.matcher(summary);
    long total = 0;
    long first = -1;
    while (m.find()) {
      long macs = Long.parseLong(m.group(1).replace(",", ""));
      if (first < 0 && macs > 0) {
        first = macs;
      }
      total += macs;
    }
    if (total == 0 || total != LayerFlops.multAdds(summary)) {
      throw new IllegalStateException("cannot read the layer rows' multiply-adds from:\n" + summary);
    }
    return new long[] {2 * total, 2 * (3 * total - first)};
  }
}
