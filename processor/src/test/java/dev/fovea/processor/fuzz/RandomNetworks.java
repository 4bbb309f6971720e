package dev.fovea.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random annotated network classes, most of them valid, some with one mistake, across every layer kind
 * (1-D kinds on sequence inputs), graphs and blocks. Names include ones that generated members could collide with
 * ({@code a}, {@code aOut}, {@code aBorder}, {@code C3} beside {@code c3}).
 */
final class RandomNetworks {
  private static final String[] NAMES = {"a", "aOut", "aGrad", "aBorder", "aPadded", "aWeight", "aColumns", "aTap",
      "aInput", "aForward", "aArgmax", "c3", "C3", "x_1", "conv", "params", "grads", "forward", "out", "b"};
  private static final String[] ACTIVATIONS = {"LINEAR", "RELU", "SIGMOID", "TANH"};

  private final Random random;
  private final StringBuilder text = new StringBuilder();
  private final List<String> names = new ArrayList<>();
  /** Whether this class was written with a deliberate mistake. */
  private boolean broken;
  /** Whether the input is a sequence [C, L]: then most layers are 1-D kinds, the rest 2-D ones that must refuse it. */
  private boolean sequence;

  private RandomNetworks(long seed) {
    this.random = new Random(seed);
  }

  /** A class's source, and whether it was written with a deliberate mistake (which must be an error). */
  record Written(String source, boolean broken) {}

  /** Class {@code name} in package {@code fuzz}. */
  static Written write(String name, long seed) {
    RandomNetworks networks = new RandomNetworks(seed);
    String source = networks.write(name);
    return new Written(source, networks.broken);
  }

  private String write(String className) {
    text.append("package fuzz;\n\n")
        .append("import static dev.fovea.annotations.Activation.*;\n")
        .append("import static dev.fovea.annotations.Padding.*;\n\n")
        .append("import dev.fovea.annotations.*;\n\n");
    boolean block = random.nextInt(4) == 0;
    if (block) {
      text.append("@Block(args = \"n\")\nclass ").append(className).append("Block {\n")
          .append("  @Conv2D(filters = Block.ARG1, kernel = ").append(1 + random.nextInt(3))
          .append(", padding = SAME, activation = RELU) Layer conv;\n")
          .append("  @Add(from = {\"conv\", \"input\"}) Layer add;\n}\n\n");
    }
    sequence = !block && random.nextInt(5) == 0;
    text.append("@Network(input = @Input(channels = ").append(1 + random.nextInt(3));
    if (sequence) {
      text.append(", length = ").append(3 * size());
    } else {
      text.append(", height = ").append(size()).append(", width = ").append(size());
    }
    text.append("))\nclass ").append(className).append(" {\n");
    int layers = 1 + random.nextInt(6);
    for (int i = 0; i < layers; i++) {
      String name = freshName();
      boolean last = i == layers - 1;
      if (block && i == 0) {
        // The block's Add reads its input: as many channels as the block's convolution makes.
        text.append("  @Conv2D(filters = 2, kernel = 1) Layer ").append(name).append(";\n");
        names.add(name);
        name = freshName();
        text.append("  @Use(value = ").append(className).append("Block.class, args = 2) Layer ").append(name)
            .append(";\n");
      } else {
        text.append("  ").append(layer(last)).append(" Layer ").append(name).append(";\n");
      }
      names.add(name);
    }
    text.append("}\n");
    return text.toString();
  }

  private String layer(boolean last) {
    if (sequence && random.nextInt(4) != 0) {
      return sequenceLayer(last);
    }
    if (random.nextInt(7) == 0) {
      return catalogueLayer();
    }
    return switch (random.nextInt(10)) {
      case 0, 1 -> "@Conv2D(filters = " + maybeBroken(1 + random.nextInt(4)) + ", kernel = " + pair(3)
          + ", strides = " + pair(2) + ", padding = " + padding() + ", bias = " + random.nextBoolean()
          + ", activation = " + activation(last) + from() + ")";
      case 2 -> "@MaxPool2D(value = " + pair(3) + poolOptions() + from() + ")";
      case 3 -> "@AvgPool2D(value = " + pair(3) + poolOptions() + from() + ")";
      case 4 -> random.nextBoolean() ? "@GlobalAvgPool2D" + fromOnly() : "@GlobalMaxPool2D" + fromOnly();
      case 5, 6 -> "@Dense(units = " + maybeBroken(1 + random.nextInt(5)) + ", activation = " + activation(last)
          + from() + ")";
      case 7 -> "@Activate(" + activation(last) + ")";
      case 8 -> "@Add(from = " + merged() + ", activation = " + activation(false) + ")";
      default -> "@Concat(from = " + merged() + ")";
    };
  }

  /** Issue 9's 1-D kinds, sometimes wrong. */
  private String sequenceLayer(boolean last) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> "@Conv1D(filters = " + maybeBroken(1 + random.nextInt(4)) + ", kernel = "
          + maybeBroken(1 + random.nextInt(5)) + ", strides = " + maybeBroken(1 + random.nextInt(2)) + ", padding = "
          + (random.nextBoolean() ? padding() : "{" + random.nextInt(3) + ", 0}") + ", bias = " + random.nextBoolean()
          + ", activation = " + activation(last) + from() + ")";
      case 2, 3 -> (random.nextBoolean() ? "@MaxPool1D(value = " : "@AvgPool1D(value = ")
          + maybeBroken(1 + random.nextInt(3)) + (random.nextBoolean() ? ", strides = " + (1 + random.nextInt(2)) : "")
          + (random.nextInt(3) == 0 ? ", padding = 1" : "") + (random.nextInt(3) == 0 ? ", ceil = true" : "") + from()
          + ")";
      default -> (random.nextBoolean() ? "@GlobalAvgPool1D" : "@GlobalMaxPool1D") + fromOnly();
    };
  }

  private int size() {
    return 1 + random.nextInt(10);
  }

  private String freshName() {
    for (String name : NAMES) {
      if (!names.contains(name) && random.nextInt(3) == 0) {
        return name;
      }
    }
    return "l" + names.size();
  }

  /** Usually the value; now and then zero, a negative number or Integer.MAX_VALUE. */
  private String maybeBroken(int value) {
    if (random.nextInt(25) != 0) {
      return String.valueOf(value);
    }
    broken = true;
    return switch (random.nextInt(3)) {
      case 0 -> "0";
      case 1 -> "-1";
      default -> "Integer.MAX_VALUE";
    };
  }

  private String pair(int max) {
    if (random.nextInt(30) == 0) {
      broken = true;
      return "{1, 2, 3}";
    }
    return random.nextBoolean() ? maybeBroken(1 + random.nextInt(max))
        : "{" + maybeBroken(1 + random.nextInt(max)) + ", " + (1 + random.nextInt(max)) + "}";
  }

  private String padding() {
    return switch (random.nextInt(6)) {
      case 0 -> "VALID";
      case 1 -> "SAME";
      case 2 -> String.valueOf(1 + random.nextInt(2));
      case 3 -> "{1, 0}";
      case 4 -> "{0, 1, 1, 0}";
      default -> {
        if (random.nextInt(20) == 0) {
          broken = true;
          yield random.nextBoolean() ? "Integer.MAX_VALUE" : "-2";  // -1 is SAME
        }
        yield "0";
      }
    };
  }

  private String poolOptions() {
    StringBuilder options = new StringBuilder();
    if (random.nextBoolean()) {
      options.append(", strides = ").append(pair(2));
    }
    if (random.nextInt(3) == 0) {
      options.append(", padding = 1");
    }
    if (random.nextInt(3) == 0) {
      options.append(", ceil = true");
    }
    return options.toString();
  }

  private String activation(boolean last) {
    if (last && random.nextInt(3) == 0) {
      return "SOFTMAX";
    }
    if (!last && random.nextInt(40) == 0) {
      broken = true;
      return "SOFTMAX";
    }
    return ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
  }

  /** Now and then {@code from}: the input, an earlier layer, or a name that is not one. */
  private String from() {
    if (names.isEmpty() || random.nextInt(5) != 0) {
      return "";
    }
    return ", from = \"" + source() + "\"";
  }

  private String fromOnly() {
    String from = from();
    return from.isEmpty() ? "" : "(" + from.substring(2) + ")";
  }

  private String merged() {
    return "{\"" + source() + "\", \"" + source() + "\"}";
  }

  private String source() {
    if (random.nextInt(30) == 0) {
      broken = true;
      return "nowhere";
    }
    if (names.isEmpty() || random.nextInt(4) == 0) {
      return "input";
    }
    return names.get(random.nextInt(names.size()));
  }

  /**
   * Issue 9's kinds (local response norm, channel, Gaussian and fixed-kernel pooling, depthwise), batch norm and
   * dropout, sometimes wrong.
   */
  private String catalogueLayer() {
    return switch (random.nextInt(8)) {
      case 6 -> "@BatchNorm2D(eps = " + mistakeOr("1e-3", "0") + ", momentum = " + mistakeOr("0.1", "1.5")
          + ", activation = " + activation(false) + from() + ")";
      case 7 -> "@Dropout(rate = " + mistakeOr("0.25", "1") + from() + ")";
      case 4 -> "@DepthwiseConv2D(kernel = " + pair(3) + ", depthMultiplier = " + maybeBroken(1 + random.nextInt(2))
          + ", padding = " + padding() + ", activation = " + activation(false) + from() + ")";
      case 5 -> "@SeparableConv2D(filters = " + maybeBroken(1 + random.nextInt(4)) + ", kernel = " + pair(3)
          + ", strides = " + pair(2) + ", padding = " + padding() + ", bias = " + random.nextBoolean() + from() + ")";
      case 0 -> "@LocalResponseNorm(size = " + mistakeOr(1 + random.nextInt(5), "0") + ", alpha = "
          + mistakeOr(random.nextInt(3), "-1") + ", k = " + mistakeOr(1 + random.nextInt(2), "0") + from() + ")";
      case 1 -> (random.nextBoolean() ? "@ChannelMaxPool(value = " : "@ChannelAvgPool(value = ")
          + mistakeOr(1 + random.nextInt(3), "-2") + ", strides = " + mistakeOr(random.nextInt(3), "-1") + from() + ")";
      case 2 -> "@GaussianPool2D(value = " + pair(3) + ", sigma = " + mistakeOr(1 + random.nextInt(2), "0") + from()
          + ")";
      default -> fixedConv();
    };
  }

  private String fixedConv() {
    String[] kernels = {"SOBEL_X", "SOBEL_Y", "BOX", "GAUSSIAN", "IDENTITY", "CONSTANTS"};
    String kernel = kernels[random.nextInt(kernels.length)];
    String options = switch (kernel) {
      case "BOX", "IDENTITY" -> ", size = " + pair(3);
      case "GAUSSIAN" -> ", size = " + pair(3) + ", sigma = " + mistakeOr(1 + random.nextInt(2), "-1");
      case "CONSTANTS" -> ", size = {1, 2}, weights = " + mistakeOr("{0.5, -1}", "{1, 2, 3}");
      default -> "";
    };
    return "@FixedConv2D(value = dev.fovea.annotations.FixedKernel." + kernel + options + ", strides = " + pair(2)
        + ", padding = " + padding() + from() + ")";
  }

  /** Usually the value; now and then {@code mistake}, which the processor must report. */
  private String mistakeOr(int value, String mistake) {
    return mistakeOr(String.valueOf(value), mistake);
  }

  private String mistakeOr(String value, String mistake) {
    if (random.nextInt(25) != 0) {
      return value;
    }
    broken = true;
    return mistake;
  }
}
